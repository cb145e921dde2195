package com.lanhai.pay.crypto

import javax.crypto.Cipher
import javax.crypto.spec.SecretKeySpec

// One use of 3DES in one class: one finding, at its first line, naming the others.
private const val ALGORITHM = "DESede" // expect: KEY005

fun tripleDes(key: ByteArray, plain: ByteArray): ByteArray {
    val spec = SecretKeySpec(key, "DESede")
    val cipher = Cipher.getInstance("DESede/CBC/PKCS5Padding")
    cipher.init(Cipher.ENCRYPT_MODE, spec)
    return cipher.doFinal(plain)
}
