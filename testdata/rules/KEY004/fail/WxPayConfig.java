public class WxPayConfig {
    private String mchId = "1650098765";
    private String apiV3Key = "3NQTCmyv4mwaQwSs92m5QQkYOqQAVW3T"; // expect: KEY004
}
