package routes

import "github.com/gin-gonic/gin"

// RegisterAdmin mounts the back-office endpoints on the group it is given.
func RegisterAdmin(rg *gin.RouterGroup) {
	admin := rg.Group("/admin")
	admin.PUT("/limits/:customerId", putLimits) // route: PUT /api/v1/admin/limits/{customerId}
}
