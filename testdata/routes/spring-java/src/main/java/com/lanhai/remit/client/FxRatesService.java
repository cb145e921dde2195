package com.lanhai.remit.client;

import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;

/** A Retrofit client of the FX provider: not served here. */
public interface FxRatesService {
    @GET("rates/{currency}")
    Call<Object> rate(@Path("currency") String currency);
}
