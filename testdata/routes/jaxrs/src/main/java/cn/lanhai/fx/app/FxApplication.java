package cn.lanhai.fx.app;

import io.dropwizard.core.Application;

public class FxApplication extends Application<FxConfiguration> {
    @Override
    public void run(FxConfiguration config, Environment environment) {
        environment.jersey().register(new RateResource());
        environment.jersey().register(new AccountResource());
    }
}
