package crypto

import (
	"crypto/des"
	"crypto/rand"
	"crypto/rsa"
)

func legacy(key []byte) {
	block, _ := des.NewTripleDESCipher(key) // expect: KEY005
	_ = block
	priv, _ := rsa.GenerateKey(rand.Reader, 1024) // expect: KEY005
	_ = priv
}
