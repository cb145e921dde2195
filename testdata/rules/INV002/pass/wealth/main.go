package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	r.GET("/v1/wealth/products", listProducts)
	r.Any("/v1/wealth/products/:code", product)
}
