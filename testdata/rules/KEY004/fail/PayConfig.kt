package com.lanhai.pay

fun wxPay(): WxPayConfig {
    val payConfig = WxPayConfig()
    payConfig.mchId = "1650012345"
    payConfig.setMchKey("8fKq2LmZ7xWn4Rt9Vb3Yc6Hd1Js5Pg0A") // expect: KEY004
    return payConfig
}
