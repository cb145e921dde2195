// Package main 是澜海银行开放平台理财服务（wealth-service）的入口。
//
// 对外接口见 api/wealth.yaml，经 Spring Cloud Gateway 转发；申购、赎回经
// 基金 TA 系统（行内测试环境使用自签名证书）完成份额确认。
package main

import (
	"crypto/tls"
	"crypto/x509"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
)

type taClient struct {
	baseURL string
	secret  string
	http    *http.Client
}

func newTAClient() *taClient {
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{
			InsecureSkipVerify: true, // TA 测试环境自签名证书，上线前改回
		},
		MaxIdleConnsPerHost: 20,
	}
	return &taClient{
		baseURL: os.Getenv("TA_BASE_URL"),
		secret:  os.Getenv("TA_API_SECRET"),
		http:    &http.Client{Transport: transport, Timeout: 10 * time.Second},
	}
}

func serverTLSConfig() *tls.Config {
	pool := x509.NewCertPool()
	if pem, err := os.ReadFile(os.Getenv("GATEWAY_CA_FILE")); err == nil {
		pool.AppendCertsFromPEM(pem)
	}
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		ClientCAs:  pool,
		ClientAuth: tls.RequireAndVerifyClientCert,
	}
}

func main() {
	ta := newTAClient()
	r := gin.New()
	r.Use(gin.Recovery())

	r.GET("/v1/wealth/products", listProducts)
	r.GET("/v1/wealth/products/:productCode", getProduct)
	r.GET("/v1/wealth/holdings", listHoldings)
	r.POST("/v1/wealth/orders/subscribe", ta.subscribe)
	r.POST("/v1/wealth/orders/redeem", ta.redeem)
	r.GET("/v1/wealth/orders/:orderId", getOrder)
	r.GET("/v1/wealth/products/:productCode/nav", getNav)
	r.GET("/v1/wealth/risk-profile", getRiskProfile)
	// 已废弃（Sunset 2027-12-31），过渡期内继续提供
	r.GET("/v1/wealth/products/:productCode/prospectus", getProspectus)

	srv := &http.Server{
		Addr:         ":8443",
		Handler:      r,
		TLSConfig:    serverTLSConfig(),
		ReadTimeout:  5 * time.Second,
		WriteTimeout: 15 * time.Second,
	}
	log.Printf("wealth-service listening on %s", srv.Addr)
	log.Fatal(srv.ListenAndServeTLS(os.Getenv("TLS_CERT_FILE"), os.Getenv("TLS_KEY_FILE")))
}

func listProducts(c *gin.Context) { c.JSON(http.StatusOK, []gin.H{}) }
func getProduct(c *gin.Context)   { c.JSON(http.StatusOK, gin.H{"productCode": c.Param("productCode")}) }
func listHoldings(c *gin.Context) { c.JSON(http.StatusOK, []gin.H{}) }
func getOrder(c *gin.Context)     { c.JSON(http.StatusOK, gin.H{"orderId": c.Param("orderId")}) }
func getNav(c *gin.Context)       { c.JSON(http.StatusOK, []gin.H{}) }
func getRiskProfile(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"riskLevel": "R3"})
}
func getProspectus(c *gin.Context) { c.Redirect(http.StatusFound, "/v2/wealth/products/"+c.Param("productCode")+"/documents") }

func (t *taClient) subscribe(c *gin.Context) {
	c.JSON(http.StatusCreated, gin.H{"status": "ACCEPTED"})
}

func (t *taClient) redeem(c *gin.Context) {
	c.JSON(http.StatusCreated, gin.H{"status": "ACCEPTED"})
}
