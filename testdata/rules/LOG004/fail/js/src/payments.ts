import { logger } from "./logger";

export async function pay(body: PayRequest) {
  console.log(`pay from card ${body.cardNumber} amount ${body.amount}`); // expect: LOG004
  logger.error("payment failed", { cvv: body.cvv }); // expect: LOG004
  return api.pay(body);
}
