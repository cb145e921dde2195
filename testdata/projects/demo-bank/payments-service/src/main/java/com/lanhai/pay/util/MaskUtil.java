package com.lanhai.pay.util;

/**
 * 个人金融信息屏蔽工具（参照 JR/T 0171-2020 附录 A）。
 */
public final class MaskUtil {

    private MaskUtil() {
    }

    /** 银行卡号：保留前 4 位与后 4 位。 */
    public static String maskCard(String cardNo) {
        if (cardNo == null || cardNo.length() < 8) {
            return "****";
        }
        return cardNo.substring(0, 4) + "****" + cardNo.substring(cardNo.length() - 4);
    }

    /** 手机号：保留前 3 位与后 4 位。 */
    public static String maskMobile(String mobile) {
        if (mobile == null || mobile.length() != 11) {
            return "***********";
        }
        return mobile.substring(0, 3) + "****" + mobile.substring(7);
    }

    /** 身份证号：保留前 4 位与后 4 位。 */
    public static String maskIdCard(String idCardNo) {
        if (idCardNo == null || idCardNo.length() < 15) {
            return "******";
        }
        return idCardNo.substring(0, 4) + "**********" + idCardNo.substring(idCardNo.length() - 4);
    }
}
