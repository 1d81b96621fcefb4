/** What the demo shop sells. Prices live on the server: the browser only says which product. */
export interface Product {
  id: string;
  name: { es: string; en: string };
  description: { es: string; en: string };
  /** Whole Chilean pesos. */
  price: number;
}

export const CATALOG: readonly Product[] = [
  {
    id: 'tetera-pomaire',
    name: { es: 'Tetera de greda de Pomaire', en: 'Pomaire clay teapot' },
    description: {
      es: 'Hecha a mano en Pomaire, para un litro de té.',
      en: 'Handmade in Pomaire, holds a litre of tea.',
    },
    price: 15_990,
  },
  {
    id: 'manta-chiloe',
    name: { es: 'Manta de lana de Chiloé', en: 'Chiloé wool blanket' },
    description: {
      es: 'Lana de oveja teñida con plantas, 140 × 200 cm.',
      en: 'Plant-dyed sheep wool, 140 × 200 cm.',
    },
    price: 49_900,
  },
  {
    id: 'cafe-grano',
    name: { es: 'Café de grano, 1 kg', en: 'Coffee beans, 1 kg' },
    description: { es: 'Tostado esta semana en Valparaíso.', en: 'Roasted this week in Valparaíso.' },
    price: 12_500,
  },
];

export function findProduct(id: unknown): Product | null {
  return CATALOG.find((product) => product.id === id) ?? null;
}
