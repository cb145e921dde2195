package com.lanhai.ledger

import javax.crypto.Cipher

private const val ENCODE_KEY = "Kt2024EncodeKey!" // expect: KEY003
private const val GATEWAY_DB = "jdbc:mysql://10.12.5.40:3306/ledger?user=ledger&password=Kt#2024jdbc" // expect: KEY003

fun cipher(): Cipher = Cipher.getInstance("AES/GCM/NoPadding")
