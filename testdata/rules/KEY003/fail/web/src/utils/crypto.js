import CryptoJS from 'crypto-js';

const key = CryptoJS.enc.Utf8.parse('Lh2024WebKey#003'); // expect: KEY003
const iv = CryptoJS.enc.Utf8.parse('0102030405060708');

export function encrypt(text) {
  return CryptoJS.AES.encrypt(text, key, { iv, mode: CryptoJS.mode.CBC }).toString();
}
