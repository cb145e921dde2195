export const settings = {
  apiKey3: 'apiKey3',
  secretKey: 'secretKey',
};
