import CryptoJS from 'crypto-js';

export function encrypt(data: string, key: CryptoJS.lib.WordArray): string {
  return CryptoJS.AES.encrypt(data, key, { mode: CryptoJS.mode.ECB, padding: CryptoJS.pad.Pkcs7 }).toString(); // expect: KEY005
}

export function sign(query: string, appSecret: string): string {
  return md5(query + '&secret=' + appSecret).toUpperCase(); // expect: KEY005
}
