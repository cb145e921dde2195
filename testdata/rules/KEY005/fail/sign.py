import hashlib
from Crypto.Cipher import AES, DES3


def sign(params, secret):
    return hashlib.md5((params + secret).encode()).hexdigest()  # expect: KEY005


def encrypt(key, data):
    return AES.new(key, AES.MODE_ECB).encrypt(data)  # expect: KEY005


def encrypt3(key, iv, data):
    return DES3.new(key, DES3.MODE_CBC, iv).encrypt(data)  # expect: KEY005
