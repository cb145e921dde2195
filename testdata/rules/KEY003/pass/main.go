package main

import "os"

var secret = os.Getenv("LEDGER_SECRET")
