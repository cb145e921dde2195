package transfer

import (
	"log"

	"go.uber.org/zap"
)

func (h *Handler) Submit(req *Request) error {
	log.Printf("submit transfer from %s amount %s", req.PayerAccountNo, req.Amount) // expect: LOG004
	h.logger.Info("otp check", zap.String("pin", req.Pin)) // expect: LOG004
	sugar.Infow("payee", "idNumber", req.Payee.IDNumber) // expect: LOG004
	return h.svc.Submit(req)
}
