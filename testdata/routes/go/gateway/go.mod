module example.com/lanhai/gateway

go 1.22
