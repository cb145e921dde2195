package transfer

import (
	"log"

	"go.uber.org/zap"
)

func (h *Handler) Submit(req *Request) error {
	log.Printf("submit transfer from %s amount %s", mask.AccountNo(req.PayerAccountNo), req.Amount)
	h.logger.Info("otp check", zap.Bool("pinPresent", len(req.Pin) > 0))
	h.logger.Info("submitted", zap.String("transferId", req.ID))
	return h.svc.Submit(req)
}
