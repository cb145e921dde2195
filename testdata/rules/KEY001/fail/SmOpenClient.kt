package com.lanhai.bank

fun smClient(): OpenClient {
    val config = OpenConfig(appId = "10000000000000012345", signAlgorithm = "SM2")
    config.setPrivateKey("MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQglKCn2wtQYi4Bc6DNK/1C3tHaEvWbuvkoK8W95UXWpZOKM2EjjqNvkn6bhTNP/eqSMxV5EH1yCUcBcH4LsCw+YEJh7Z6lbLNVegM1VB4r1V0Iel20mGkNDRq3fVKrOe85iArwDSza") // expect: KEY001
    return OpenClient(config)
}
