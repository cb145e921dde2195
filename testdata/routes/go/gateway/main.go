package main

import (
	"net/http"

	"example.com/lanhai/gateway/internal/routes"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
)

const apiBase = "/api"

func main() {
	r := gin.Default()
	v1 := r.Group(apiBase + "/v1")
	{
		v1.GET("/accounts/:id/balance", getBalance) // route: GET /api/v1/accounts/{id}/balance
		v1.POST("/transfers", createTransfer)       // route: POST /api/v1/transfers
		v1.Any("/echo", echoAll)                    // route: ANY /api/v1/echo
	}
	routes.RegisterAdmin(v1)
	// r.DELETE("/api/v1/transfers/:id", cancel)

	// A call to another service, not a route.
	resp, _ := http.Get("http://core.internal/accounts")
	_ = resp

	mx := http.NewServeMux()
	mx.HandleFunc("GET /items/{id}", getItem)         // route: GET /items/{id}
	mx.HandleFunc("POST /items/{path...}", postItem)  // route: POST /items/{path}
	mx.Handle("/static/", http.StripPrefix("/static/", files)) // route: ANY /static
	http.HandleFunc("/healthz", health)               // route: ANY /healthz

	c := chi.NewRouter()
	c.Route("/orders", func(r chi.Router) {
		r.Get("/", listOrders)                 // route: GET /orders
		r.Post("/{orderID}/cancel", cancelOrder) // route: POST /orders/{orderID}/cancel
	})
	c.Mount("/users", usersRouter())

	g := mux.NewRouter()
	s := g.PathPrefix("/legacy").Subrouter()
	s.HandleFunc("/statement", statement).Methods("GET", "POST") // route: GET /legacy/statement, POST /legacy/statement

	e := echo.New()
	admin := e.Group("/ops")
	admin.PUT("/limits", putLimits)                                     // route: PUT /ops/limits
	e.Match([]string{http.MethodGet, http.MethodHead}, "/version", version) // route: GET /version, HEAD /version
}

func usersRouter() chi.Router {
	r := chi.NewRouter()
	r.Delete("/{id}", deleteUser) // route: DELETE /users/{id}
	return r
}
