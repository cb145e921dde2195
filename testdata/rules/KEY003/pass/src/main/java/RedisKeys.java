public final class RedisKeys {
    public static final String PWD_ERR_CNT_KEY = "pwd_err_cnt:";
    public static final String LOGIN_PWD_LOCK_KEY = "login:pwd:lock:";
    // A JWT-shaped string that is not base64url JSON:
    public static final String TOKEN_SHAPE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9xx.eyJzdWIiOiJ0ZWxsZXItMDA0MiJ9xyz.q7Kc2Vd1xT9mPzR4sW8nYb3LhJ6fGa0eU5iOt2NwQkE";
}
