package cn.lanhai.fx.client;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The FX provider this service calls (MicroProfile REST client): not served here. */
@RegisterRestClient(configKey = "rates-provider")
@Path("/provider/rates")
public interface RatesProviderClient {
    @GET
    Object rates();
}
