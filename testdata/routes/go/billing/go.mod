module example.com/lanhai/billing

go 1.21
