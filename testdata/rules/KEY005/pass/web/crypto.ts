import CryptoJS from 'crypto-js';

export function encrypt(data: string, key: CryptoJS.lib.WordArray, iv: CryptoJS.lib.WordArray): string {
  return CryptoJS.AES.encrypt(data, key, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }).toString();
}
