import { Router } from 'express';

export const router = Router();
router.put('/limits/:customerId', putLimits); // route: PUT /admin/limits/{customerId}
