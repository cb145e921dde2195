package cn.lanhai.fx.client;

import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.POST;

/** A Retrofit client: its @GET takes the path, a JAX-RS @GET never does. */
public interface QuoteService {
    @GET("quotes/latest")
    Call<Object> latest();

    @POST("quotes")
    Call<Object> create();
}
