package cn.lanhai.fx.resource;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.*;

/** The contract; AccountResource implements it. */
@Path("/accounts/{accountId}")
public interface AccountApi {
    @POST // route: POST /fx/api/accounts/{accountId}/exchange
    @Path("/exchange")
    @RolesAllowed("customer")
    Object exchange(@PathParam("accountId") String accountId, ExchangeOrder order);

    @DELETE // route: DELETE /fx/api/accounts/{accountId}/orders/{orderId}
    @Path("/orders/{orderId}")
    Object cancel(@PathParam("accountId") String accountId, @PathParam("orderId") String orderId);
}
