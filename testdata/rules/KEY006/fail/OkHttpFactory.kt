package com.lanhai.esb

import okhttp3.OkHttpClient

fun insecureClient(): OkHttpClient = OkHttpClient.Builder()
    .hostnameVerifier { _, _ -> true } // expect: KEY006
    .build()
