module git.lanhaibank.local/openbank/fx-service

go 1.17

require (
	github.com/gin-gonic/gin v1.7.7
	github.com/tidwall/gjson v1.6.4
	golang.org/x/crypto v0.0.0-20201216223049-8b5274cf687f
	golang.org/x/text v0.3.3
	gopkg.in/yaml.v2 v2.2.4
)

replace gopkg.in/yaml.v2 v2.2.4 => gopkg.in/yaml.v2 v2.2.8
