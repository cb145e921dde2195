package cn.lanhai.fx.resource;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;

public class RateHistoryResource {
    private final String currency;

    public RateHistoryResource(String currency) {
        this.currency = currency;
    }

    @GET // route: GET /fx/api/rates/{currency}/history
    public Object list(@QueryParam("from") String from) {
        return null;
    }

    @GET // route: GET /fx/api/rates/{currency}/history/{date}
    @Path("/{date}")
    public Object day(@PathParam("date") String date) {
        return null;
    }
}
