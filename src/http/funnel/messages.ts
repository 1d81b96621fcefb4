/** Every payer-facing text, Spanish (es-CL) first, English second. */
export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const MESSAGES = {
  pay_to: { es: 'Pagar a', en: 'Pay to' },
  amount: { es: 'Monto', en: 'Amount' },
  details: { es: 'Detalle', en: 'Details' },
  choose_bank: { es: 'Elige tu banco', en: 'Choose your bank' },
  pay_with: { es: 'Pagar con', en: 'Pay with' },
  cancel: { es: 'Cancelar pago', en: 'Cancel payment' },
  expires_at: { es: 'Esta sesión vence a las', en: 'This session expires at' },
  secure_transfer: {
    es: 'Pago seguro por transferencia bancaria. Tus claves nunca se guardan.',
    en: 'Secure bank transfer payment. Your credentials are never stored.',
  },
  not_found_title: { es: 'Sesión de pago no encontrada', en: 'Payment session not found' },
  not_found_body: {
    es: 'El enlace de pago no es válido. Vuelve al comercio e inicia el pago otra vez.',
    en: 'This payment link is not valid. Go back to the shop and start the payment again.',
  },
  expired_title: { es: 'La sesión de pago expiró', en: 'The payment session expired' },
  expired_body: {
    es: 'Pasó demasiado tiempo y no se hizo ningún cargo. Vuelve al comercio e inicia el pago otra vez.',
    en: 'Too much time went by and nothing was charged. Go back to the shop and start the payment again.',
  },
  finished_title: { es: 'Este pago ya terminó', en: 'This payment has already ended' },
  finished_body: {
    es: 'Esta sesión de pago ya no admite cambios. Revisa el estado del pedido en el comercio.',
    en: 'This payment session can no longer change. Check the order status at the shop.',
  },
  language_switch: { es: 'English', en: 'Español' },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function translate(language: Language, key: MessageKey): string {
  return MESSAGES[key][language];
}

export function pickLanguage(query: unknown): Language {
  const lang = typeof query === 'object' && query !== null ? (query as { lang?: unknown }).lang : undefined;
  return lang === 'en' ? 'en' : 'es';
}
