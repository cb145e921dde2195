package client

import "net/http"

// Calls the core banking system: no route is served here.
func Balance(c *http.Client, account string) (*http.Response, error) {
	return c.Get("http://core.internal/accounts/" + account + "/balance")
}
