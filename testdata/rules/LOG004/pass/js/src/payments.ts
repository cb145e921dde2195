import { logger } from "./logger";
import { maskCard } from "./mask";

export async function pay(body: PayRequest) {
  console.log(`pay from card ${maskCard(body.cardNumber)} amount ${body.amount}`);
  logger.error("payment failed", { code: body.errorCode });
  // console.log(body.cvv)
  return api.pay(body);
}
