package cn.lanhai.fx.resource;

import javax.ws.rs.*;
import javax.ws.rs.core.MediaType;

@Path("/rates")
@Produces(MediaType.APPLICATION_JSON)
public class RateResource {

    public static final String LATEST = "latest";

    @GET // route: GET /fx/api/rates
    public Object all() {
        return null;
    }

    @GET // route: GET /fx/api/rates/latest
    @Path(LATEST)
    public Object latest() {
        return null;
    }

    @GET // route: GET /fx/api/rates/{currency}
    @Path("{currency: [A-Z]{3}}")
    public Object one(@PathParam("currency") String currency) {
        return null;
    }

    /** A sub-resource locator: the history resource serves below this path. */
    @Path("{currency}/history")
    public RateHistoryResource history(@PathParam("currency") String currency) {
        return new RateHistoryResource(currency);
    }
}
