# SM2 signing key of the settlement client
SM2_PRIVATE_KEY = "f671be1619fe3dc239c7b2205077119060095c6e2df3ab57124de124ef0af556"  # expect: KEY001

APP_KEY = ("-----BEGIN PRIVATE KEY-----\n"  # expect: KEY001
           "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQHlGA84Ol3PMa4j\n"
           "nlmZ+Oa8iSjNe7xsR9wMWWcD0AnRQcSdEZcwLQ5K99rVA1ZUBZ+v/tW85g/76Dox\n"
           "O5VxaOiUpJdSTgpbS3k08G2bVeXXZsF2bklY1/3h1sgc3A3ZngfWXqhkLYa5Dt+3\n"
           "qDhM4GkznEIdEM9rSF46sat59teCR74jrZ4h+gs3SseLbt9fz6i0CPZqv/TozMpY\n"
           "Cyes7iZm4zS9REAggmp+GY9XXNhe19XOszQrF8d4LE03/Ob46p6AjUSlF16s8ZcL\n"
           "-----END PRIVATE KEY-----\n")
