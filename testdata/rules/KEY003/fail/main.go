package main

var cfg = Config{
	ClientSecret: "gO7xQ2wE9rT4yU1iP5aS", // expect: KEY003
}
