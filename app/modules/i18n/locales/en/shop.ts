import type zh from "../zh-CN/shop";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  title: "Consumption aid",
  errors: {
    badQuantity: "Quantity must be a positive whole number",
    outOfStock: "Not enough in stock: lower the quantity or try again later",
  },
};

export default en;
