module git.lanhaibank.local/openbank/fx-service

go 1.17

require (
	github.com/dgrijalva/jwt-go v3.2.0+incompatible // expect: DEP001
	github.com/gin-gonic/gin v1.6.3 // expect: DEP001
	github.com/tidwall/gjson v1.6.0 // expect: DEP001
	golang.org/x/crypto v0.0.0-20200622213623-75b288015ac9 // indirect // expect: DEP001
	gopkg.in/yaml.v2 v2.2.7
)

require github.com/json-iterator/go v1.1.10 // indirect

// The replacement is what gets built: reported here.
replace gopkg.in/yaml.v2 v2.2.7 => gopkg.in/yaml.v2 v2.2.4 // expect: DEP001

replace git.lanhaibank.local/openbank/common => ../common
