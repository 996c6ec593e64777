/** Values the producer form starts with (edit), as plain strings for the inputs. */
export type ProducerFormDefaults = Partial<{
  name: string;
  kind: string;
  districtCode: string;
  town: string | null;
  village: string | null;
  creditCode: string | null;
  contactName: string;
  contactPhone: string;
  description: string | null;
  originStatement: string | null;
  householdCount: number;
}>;
