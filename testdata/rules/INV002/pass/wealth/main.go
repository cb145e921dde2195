package main

import (
	"github.com/gin-gonic/gin"

	"example.com/wealth/internal/paths"
)

func main() {
	r := gin.Default()
	r.GET("/v1/wealth/products", listProducts)
	r.Any("/v1/wealth/products/:code", product)
	// The subscription path is a constant of a package outside the repository: it may serve
	// the declared subscription operation, so that operation is not reported as unserved.
	r.POST(paths.Subscriptions, subscribe)
}
