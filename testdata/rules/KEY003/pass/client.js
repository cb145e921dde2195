const secret = process.env.APP_SECRET;
const token = jwt.sign(payload, process.env.JWT_SECRET);
if (password === confirmPassword) { submit(); }
