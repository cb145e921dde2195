public class WxPayConfig {
    private String mchId = "1650098765";
    @Value("${wxpay.api-v3-key}")
    private String apiV3Key;
}
