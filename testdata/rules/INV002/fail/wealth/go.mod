module example.com/lanhai/wealth

go 1.21
