package cn.lanhai.fx.resource;

public class AccountResource implements AccountApi {
    @Override
    public Object exchange(String accountId, ExchangeOrder order) {
        return null;
    }

    @Override
    public Object cancel(String accountId, String orderId) {
        return null;
    }
}
