/**
 * Demo consumption aid (消费扶贫, issue 13): a dozen producers in the aided districts (石柱 honey and
 * 莼菜, 奉节 navel oranges, 巫山 crisp plums, 城口 cured meat, 酉阳 rice and tea, 彭水 embroidery,
 * 巫溪 potatoes, 云阳 pomelos) supported by the seeded organizations, in every review state; named
 * households (one lifted by two producers); about twenty certified products with stock received;
 * a few hundred offline sales in all six channels over the last eighteen months; a fair and a
 * tourism market with their producers; two buying units with pledges and sales counted against
 * them. Shop orders are seeded by 07-shop-orders.ts. Deterministic: a fixed pseudo-random sequence,
 * dates counted back from today so the dashboard's default period (this year) shows them.
 * The rollup triggers count every sale as it is written.
 */
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { BuyerKind, ProducerKind, ProducerStatus, ProductCategory, SalesChannel } from "~/generated/prisma/enums";
import { createProducer, createProduct, makeProducerCreditCode } from "../../test/support/factories/consumption";
import { makeIdNumber, maskIdNumber } from "~/modules/accounts/id-number";
import type { SeedContext } from "../seed";

type ProductSeed = { name: string; category: ProductCategory; unit: string; spec: string; price: number; ref?: number; stock: number; place: string; season: string; certified?: boolean; expired?: boolean };
type ProducerSeed = {
  key: string;
  name: string;
  kind: ProducerKind;
  status: ProducerStatus;
  district: string;
  town: string;
  village?: string;
  org: string;
  contact: string;
  households: number;
  named?: string[];
  description: string;
  reason?: string;
  products: ProductSeed[];
  /** Relative weight in the offline sales. */
  weight: number;
};

// Named households (带贫户), by key: the ID numbers are generated, stored only hashed and masked.
const HOUSEHOLDS: Record<string, { region: string; birth: string; seq: string }> = {
  tan: { region: "500240", birth: "19640312", seq: "021" },
  ma: { region: "500240", birth: "19710825", seq: "033" },
  ran: { region: "500240", birth: "19580117", seq: "045" },
  cui: { region: "500240", birth: "19690630", seq: "052" },
  liu: { region: "500236", birth: "19620409", seq: "118" },
  xiang: { region: "500236", birth: "19750221", seq: "127" },
  zeng: { region: "500236", birth: "19600903", seq: "131" },
  // 巫山 曲尺乡: the Yang household grows plums for the cooperative and works in the village collective's workshop.
  yang: { region: "500237", birth: "19670514", seq: "214" },
  he: { region: "500237", birth: "19721108", seq: "226" },
  deng: { region: "500237", birth: "19590727", seq: "238" },
  bai: { region: "500237", birth: "19800102", seq: "241" },
  tian: { region: "500242", birth: "19630819", seq: "315" },
  shi: { region: "500242", birth: "19700406", seq: "327" },
  long: { region: "500242", birth: "19661224", seq: "339" },
};

const PRODUCERS: ProducerSeed[] = [
  {
    key: "honey", name: "石柱县中益乡华溪村中华蜂养殖专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500240", town: "中益乡", village: "华溪村", org: "shizhuProduce", contact: "谭大姐",
    households: 26, named: ["tan", "ma", "ran", "cui"], description: "林下养殖中华蜂，统一收购、统一品牌，带动华溪村脱贫户养蜂增收。", weight: 9,
    products: [
      { name: "石柱中华蜂土蜂蜜", category: "DRIED_SPECIALTY", unit: "瓶", spec: "500克/瓶", price: 6800, ref: 6500, stock: 800, place: "中益乡华溪村", season: "全年" },
      { name: "石柱黄连（统货）", category: "DRIED_SPECIALTY", unit: "斤", spec: "散装", price: 3800, ref: 3500, stock: 2000, place: "中益乡", season: "10月—次年1月" },
    ],
  },
  {
    key: "chuncai", name: "石柱县黄水镇莼菜种植专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500240", town: "黄水镇", village: "金花村", org: "shizhuProduce", contact: "冉师傅",
    households: 18, description: "高山莼菜、辣椒种植和初加工，保底收购脱贫户产品。", weight: 6,
    products: [
      { name: "黄水莼菜（保鲜装）", category: "FRUIT_VEG", unit: "盒", spec: "300克×6盒", price: 12800, ref: 11800, stock: 300, place: "黄水镇金花村", season: "5月—10月" },
      { name: "石柱红辣椒（干）", category: "DRIED_SPECIALTY", unit: "袋", spec: "1千克/袋", price: 4500, ref: 4200, stock: 600, place: "黄水镇", season: "全年" },
    ],
  },
  {
    key: "oranges", name: "奉节县永乐镇脐橙种植专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500236", town: "永乐镇", village: "大坝村", org: "charityFederation", contact: "刘国强",
    households: 40, named: ["liu", "xiang", "zeng"], description: "三峡库区脐橙种植，统一分拣、冷链发货，带动库区脱贫户稳定增收。", weight: 12,
    products: [
      { name: "奉节脐橙（精选果）", category: "FRUIT_VEG", unit: "箱", spec: "5千克/箱", price: 5990, ref: 5500, stock: 3000, place: "永乐镇大坝村", season: "11月—次年4月" },
      { name: "奉节脐橙（家庭装）", category: "FRUIT_VEG", unit: "箱", spec: "10千克/箱", price: 9900, ref: 9800, stock: 1500, place: "永乐镇", season: "11月—次年4月" },
    ],
  },
  {
    key: "orangeCo", name: "奉节县夔州农业开发有限公司", kind: "ENTERPRISE", status: "APPROVED", district: "500236", town: "白帝镇", org: "charityFederation", contact: "向经理",
    households: 35, description: "脐橙收购、深加工与电商销售，与白帝镇脱贫户签订保底收购协议。", weight: 6,
    products: [
      // More than 20% above the market reference: the product page shows the warning.
      { name: "奉节脐橙礼盒", category: "FRUIT_VEG", unit: "盒", spec: "12枚装", price: 12800, ref: 9800, stock: 400, place: "白帝镇", season: "11月—次年4月" },
      { name: "脐橙果干", category: "DRIED_SPECIALTY", unit: "袋", spec: "250克/袋", price: 2980, ref: 2800, stock: 900, place: "白帝镇", season: "全年", certified: false },
    ],
  },
  {
    key: "plums", name: "巫山县曲尺乡脆李专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500237", town: "曲尺乡", village: "柑园村", org: "volunteerFederation", contact: "杨文华",
    households: 31, named: ["yang", "he", "deng"], description: "巫山脆李标准化种植，带动曲尺乡脱贫户发展脆李产业。", weight: 8,
    products: [{ name: "巫山脆李", category: "FRUIT_VEG", unit: "箱", spec: "2.5千克/箱", price: 6800, ref: 6200, stock: 1200, place: "曲尺乡柑园村", season: "7月—8月" }],
  },
  {
    key: "ganyuan", name: "巫山县曲尺乡柑园村股份经济合作联合社", kind: "VILLAGE_COLLECTIVE", status: "APPROVED", district: "500237", town: "曲尺乡", village: "柑园村", org: "volunteerFederation", contact: "白主任",
    households: 22, named: ["yang", "bai"], description: "村集体经营的洋芋粉条作坊，优先吸纳脱贫户务工。", weight: 3,
    products: [{ name: "巫山洋芋粉条", category: "DRIED_SPECIALTY", unit: "袋", spec: "1千克/袋", price: 2600, ref: 2500, stock: 700, place: "曲尺乡柑园村", season: "全年" }],
  },
  {
    key: "larou", name: "城口县修齐镇老腊肉加工专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500229", town: "修齐镇", org: "charityFederation", contact: "曾师傅",
    households: 24, description: "大巴山传统柴火熏制腊肉，收购脱贫户生猪和山地鸡。", weight: 7,
    products: [
      { name: "城口老腊肉", category: "MEAT_POULTRY_EGGS", unit: "千克", spec: "真空包装", price: 13800, ref: 12800, stock: 500, place: "修齐镇", season: "11月—次年3月" },
      { name: "城口山地鸡蛋", category: "MEAT_POULTRY_EGGS", unit: "盒", spec: "30枚/盒", price: 5800, ref: 5200, stock: 800, place: "修齐镇", season: "全年" },
      { name: "城口土鸡（冷鲜）", category: "MEAT_POULTRY_EGGS", unit: "只", spec: "约1.5千克", price: 16800, ref: 15800, stock: 200, place: "修齐镇", season: "全年", expired: true },
    ],
  },
  {
    key: "rice", name: "酉阳县花田乡贡米专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500242", town: "花田乡", village: "何家岩村", org: "youyangRevival", contact: "田大哥",
    households: 45, named: ["tian", "shi", "long"], description: "梯田贡米和油茶种植，订单收购脱贫户稻谷。", weight: 8,
    products: [
      { name: "花田贡米", category: "GRAIN_OIL", unit: "袋", spec: "5千克/袋", price: 8800, ref: 8500, stock: 1500, place: "花田乡何家岩村", season: "全年" },
      { name: "酉阳山茶油", category: "GRAIN_OIL", unit: "瓶", spec: "1升/瓶", price: 12800, ref: 12000, stock: 600, place: "花田乡", season: "全年" },
    ],
  },
  {
    key: "tea", name: "酉阳县黑水镇茶叶专业合作社", kind: "COOPERATIVE", status: "APPROVED", district: "500242", town: "黑水镇", org: "youyangRevival", contact: "石大姐",
    households: 16, description: "高山生态茶园，采茶季吸纳脱贫户务工。", weight: 4,
    products: [
      { name: "酉阳毛尖", category: "TEA", unit: "罐", spec: "250克/罐", price: 15800, ref: 14800, stock: 400, place: "黑水镇", season: "全年" },
      { name: "酉阳红茶", category: "TEA", unit: "盒", spec: "200克/盒", price: 9800, ref: 9500, stock: 300, place: "黑水镇", season: "全年" },
    ],
  },
  {
    key: "embroidery", name: "彭水县鞍子镇苗绣手工艺专业合作社", kind: "COOPERATIVE", status: "RECOMMENDED", district: "500243", town: "鞍子镇", org: "youyangRevival", contact: "龙绣娘",
    households: 20, description: "苗族刺绣手工艺品，留守妇女居家就业。", weight: 0,
    products: [{ name: "苗绣香包", category: "HANDICRAFT", unit: "个", spec: "手工刺绣", price: 6800, ref: 6800, stock: 150, place: "鞍子镇", season: "全年", certified: false }],
  },
  {
    key: "potato", name: "巫溪县红池坝镇洋芋种植户", kind: "HOUSEHOLD", status: "SUBMITTED", district: "500238", town: "红池坝镇", org: "wanzhouVolunteers", contact: "邓大爷",
    households: 1, description: "高山洋芋种植，申请加入消费扶贫供应主体。", weight: 0,
    products: [{ name: "巫溪高山洋芋", category: "FRUIT_VEG", unit: "袋", spec: "10千克/袋", price: 3500, ref: 3200, stock: 0, place: "红池坝镇", season: "8月—11月", certified: false }],
  },
  {
    key: "pomelo", name: "云阳县龙缸农特产品电商有限公司", kind: "ENTERPRISE", status: "SUSPENDED", district: "500235", town: "清水土家族乡", org: "wanzhouVolunteers", contact: "吴经理",
    households: 12, description: "云阳红心柚电商销售。", reason: "接到价格投诉：红心柚售价明显高于市场参考价，已暂停，待核实整改。", weight: 2,
    products: [{ name: "云阳红心柚", category: "FRUIT_VEG", unit: "箱", spec: "4个装", price: 8900, ref: 6800, stock: 100, place: "清水土家族乡", season: "10月—次年1月" }],
  },
];

/** The six channels of the seeds, with their share of the demo's offline sales and their usual buyers. */
const CHANNELS: { channel: SalesChannel; weight: number; buyers: BuyerKind[]; qty: [number, number] }[] = [
  { channel: "ONLINE", weight: 30, buyers: ["INDIVIDUAL", "INDIVIDUAL", "INDIVIDUAL", "ORGANIZATION"], qty: [40, 400] },
  { channel: "MALL", weight: 15, buyers: ["INDIVIDUAL", "ENTERPRISE"], qty: [60, 500] },
  { channel: "PAIRED", weight: 25, buyers: ["GOVERNMENT", "SCHOOL_CANTEEN", "ENTERPRISE", "ORGANIZATION"], qty: [100, 800] },
  { channel: "TOURISM", weight: 8, buyers: ["INDIVIDUAL"], qty: [20, 200] },
  { channel: "FAIR", weight: 12, buyers: ["ENTERPRISE", "INDIVIDUAL", "ORGANIZATION"], qty: [50, 600] },
  { channel: "LABOUR", weight: 10, buyers: ["ENTERPRISE"], qty: [80, 500] },
];

/** mulberry32: the same demo every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const utcDay = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const { hashIdNumber } = await import("~/modules/accounts/accounts.server");
  const rnd = random(20_201_330);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const staff = ctx.users.staffZhou!.id;
  const admin = ctx.users.admin!.id;
  // Today in Shanghai, as a UTC date.
  const now = new Date(Date.now() + 8 * 3_600_000);
  const today = utcDay(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const year = today.getUTCFullYear();
  const orgOwner = async (orgId: string) => (await prisma.orgMembership.findFirstOrThrow({ where: { orgId, role: "OWNER" }, select: { userId: true } })).userId;

  // Producers and their products.
  type Made = { seed: ProducerSeed; id: string; orgId: string; products: { id: string; name: string; category: ProductCategory; unit: string; priceFen: bigint }[] };
  const made: Made[] = [];
  const households: { producerId: string; idNumberHash: string; idNumberMasked: string }[] = [];
  for (const [i, p] of PRODUCERS.entries()) {
    const org = ctx.orgs[p.org]!;
    const createdById = await orgOwner(org.id);
    const producer = await createProducer(prisma, { name: p.name, kind: p.kind, status: p.status, districtCode: p.district, supportOrgId: org.id, createdById, householdCount: p.households, contactPhone: `139${String(23_000_100 + i * 37).padStart(8, "0")}` });
    const reviewed = new Date(today.getTime() - (400 - i * 7) * DAY);
    await prisma.producer.update({
      where: { id: producer.id },
      data: {
        town: p.town,
        village: p.village ?? null,
        contactName: p.contact,
        description: p.description,
        originStatement: p.kind === "ENTERPRISE" || p.kind === "AGENT" ? `产品产自${p.town}及周边脱贫村，保底收购脱贫户产品。` : null,
        createdAt: new Date(reviewed.getTime() - 20 * DAY),
        recommendedById: p.status === "SUBMITTED" ? null : staff,
        recommendedAt: p.status === "SUBMITTED" ? null : new Date(reviewed.getTime() - 5 * DAY),
        approvedById: p.status === "APPROVED" || p.status === "SUSPENDED" ? admin : null,
        approvedAt: p.status === "APPROVED" || p.status === "SUSPENDED" ? reviewed : null,
        suspendedAt: p.status === "SUSPENDED" ? new Date(today.getTime() - 30 * DAY) : null,
        reviewReason: p.reason ?? null,
      },
    });
    for (const key of p.named ?? []) {
      const h = HOUSEHOLDS[key]!;
      const id = makeIdNumber(h.region, h.birth, h.seq);
      households.push({ producerId: producer.id, idNumberHash: hashIdNumber(id), idNumberMasked: maskIdNumber(id) });
    }
    const products: Made["products"] = [];
    for (const x of p.products) {
      const listed = p.status === "APPROVED";
      const product = await createProduct(prisma, {
        producerId: producer.id,
        createdById,
        name: x.name,
        category: x.category,
        priceFen: BigInt(x.price),
        referencePriceFen: x.ref === undefined ? null : BigInt(x.ref),
        stock: x.stock,
        status: listed ? "LISTED" : p.status === "SUSPENDED" ? "UNLISTED" : "DRAFT",
        originDistrictCode: p.district,
        certified: (x.certified ?? true) && p.status !== "SUBMITTED",
      });
      await prisma.product.update({
        where: { id: product.id },
        data: {
          unit: x.unit,
          spec: x.spec,
          description: `${x.place}出产，${p.name}供应。`,
          originPlace: x.place,
          season: x.season,
          // An expired certificate: the badge comes off by itself (products/rules.ts).
          ...(x.expired ? { certExpiresOn: new Date(today.getTime() - 10 * DAY) } : {}),
        },
      });
      products.push({ id: product.id, name: x.name, category: x.category, unit: x.unit, priceFen: BigInt(x.price) });
    }
    made.push({ seed: p, id: producer.id, orgId: org.id, products });
  }
  await prisma.producerHousehold.createMany({ data: households });
  const by = (key: string) => made.find((m) => m.seed.key === key)!;

  // Events: a city fair and a summer tourism market in 石柱黄水.
  const fairStart = new Date(today.getTime() - 75 * DAY);
  const tourismYear = today.getUTCMonth() >= 7 ? year : year - 1;
  const events = [
    {
      key: "fair", orgKey: "charityFederation", channel: "FAIR" as const, title: "重庆市消费扶贫农产品展销会", startsOn: fairStart, endsOn: new Date(fairStart.getTime() + 2 * DAY), districtCode: "500103", place: "渝中区解放碑步行街",
      description: "全市社会组织组织贫困区县合作社参展，现场展销脐橙、腊肉、蜂蜜、贡米等扶贫产品。", producers: ["honey", "oranges", "plums", "larou", "rice", "tea"],
    },
    {
      key: "tourism", orgKey: "shizhuProduce", channel: "TOURISM" as const, title: "黄水避暑季消费扶贫集市", startsOn: utcDay(tourismYear, 6, 18), endsOn: utcDay(tourismYear, 6, 24), districtCode: "500240", place: "石柱县黄水镇游客中心广场",
      description: "避暑游客现场选购石柱蜂蜜、莼菜、辣椒等农特产品。", producers: ["honey", "chuncai"],
    },
  ];
  const eventIds: Record<string, string> = {};
  for (const e of events) {
    const orgId = ctx.orgs[e.orgKey]!.id;
    const created = await prisma.salesEvent.create({
      data: {
        orgId, channel: e.channel, title: e.title, startsOn: e.startsOn, endsOn: e.endsOn, districtCode: e.districtCode, place: e.place, description: e.description, createdById: await orgOwner(orgId),
        producers: { create: e.producers.map((k) => ({ producerId: by(k).id })) },
      },
    });
    eventIds[e.key] = created.id;
  }

  // Buying units and their pledges for this year.
  const school = await prisma.buyingUnit.create({
    data: { name: "重庆市渝中区人民路小学校", kind: "SCHOOL_CANTEEN", districtCode: "500103", isBudgetUnit: true, hasCanteen: true, contactName: "食堂管理员", contactPhone: "02363800123", orgId: ctx.orgs.charityFederation!.id, createdById: staff },
  });
  const company = await prisma.buyingUnit.create({
    data: { name: "重庆渝商食品集团有限公司", kind: "ENTERPRISE", creditCode: makeProducerCreditCode("ENTERPRISE", "500112"), districtCode: "500112", contactName: "采购部王经理", contactPhone: "02367700456", orgId: ctx.orgs.volunteerFederation!.id, createdById: staff },
  });
  // The school owes 10% of a 3.6-million-yuan canteen budget to 奉节 produce; the company pledged 500,000 yuan to the 巫山 plums.
  const schoolPledge = await prisma.purchasePledge.create({
    data: { buyingUnitId: school.id, year, pledgedFen: 360_000_00n, canteenBudgetFen: 3_600_000_00n, requiredShareBp: 1000, targetDistrictCode: "500236", note: "食堂食材采购预算的10%用于采购奉节县扶贫产品", createdById: staff },
  });
  const companyPledge = await prisma.purchasePledge.create({
    data: { buyingUnitId: company.id, year, pledgedFen: 500_000_00n, targetDistrictCode: "500237", targetProducerId: by("plums").id, note: "员工福利和节日慰问品定向采购巫山脆李", createdById: staff },
  });

  // Offline sales.
  type Sale = Prisma.ConsumptionSaleCreateManyInput;
  const sales: Sale[] = [];
  const sellers = made.filter((m) => m.seed.weight > 0);
  const weighted = sellers.flatMap((m) => Array.from({ length: m.seed.weight }, () => m));
  const channelBag = CHANNELS.flatMap((c) => Array.from({ length: c.weight }, () => c));
  const owners = new Map<string, string>();
  for (const m of made) if (!owners.has(m.orgId)) owners.set(m.orgId, await orgOwner(m.orgId));
  const sale = (m: Made, product: Made["products"][number], quantity: number, soldOn: Date, channel: SalesChannel, buyerKind: BuyerKind, extra: Partial<Sale> = {}): Sale => ({
    orgId: m.orgId,
    producerId: m.id,
    productId: product.id,
    productName: product.name,
    category: product.category,
    quantity,
    unit: product.unit,
    amountFen: product.priceFen * BigInt(quantity),
    soldOn,
    channel,
    buyerKind,
    districtCode: m.seed.district,
    source: "RECORDED",
    createdById: owners.get(m.orgId)!,
    ...extra,
  });
  const firstMonth = utcDay(year, today.getUTCMonth() - 17, 1);
  for (let k = 0; k < 18; k++) {
    const month = utcDay(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + k, 1);
    for (let n = 0; n < 17; n++) {
      const soldOn = new Date(month.getTime() + between(0, 27) * DAY);
      if (soldOn > today) continue;
      const m = pick(weighted);
      const c = pick(channelBag);
      sales.push(sale(m, pick(m.products), between(c.qty[0], c.qty[1]), soldOn, c.channel, pick(c.buyers)));
    }
  }
  // At the events, for their producers.
  for (const e of events) {
    for (const key of e.producers) {
      const m = by(key);
      for (let d = 0; d < 2; d++) {
        const soldOn = new Date(e.startsOn.getTime() + d * DAY);
        sales.push(sale(m, pick(m.products), between(80, 300), soldOn, e.channel, e.channel === "FAIR" ? pick<BuyerKind>(["ENTERPRISE", "INDIVIDUAL"]) : "INDIVIDUAL", { eventId: eventIds[e.key] }));
      }
    }
  }
  // Paired purchasing counted against the pledges: monthly deliveries this year. The school is
  // behind its share (about 60% by now); the company about 85%.
  for (let month = 0; month <= today.getUTCMonth(); month++) {
    const soldOn = utcDay(year, month, 12);
    if (soldOn > today) break;
    const oranges = by(month % 3 === 2 ? "orangeCo" : "oranges");
    sales.push(sale(oranges, oranges.products[0]!, between(280, 420), soldOn, "PAIRED", "SCHOOL_CANTEEN", { pledgeId: schoolPledge.id, buyerName: school.name }));
    const plums = by("plums");
    sales.push(sale(plums, plums.products[0]!, between(520, 620), soldOn, "PAIRED", "ENTERPRISE", { pledgeId: companyPledge.id, buyerName: company.name }));
  }
  // The 黄连 bought on the charity federation's accepted purchase offer (03-needs), recorded as a
  // sale and linked to the offer: the offer already counts, so this row is not counted again.
  const offer = await prisma.needResponse.findFirst({ where: { kind: "PURCHASE", status: "ACCEPTED", orgId: ctx.orgs.charityFederation?.id, need: { districtCode: "500240" } }, select: { id: true, decidedAt: true, quantity: true, unitPriceFen: true } });
  if (offer?.decidedAt && offer.quantity && offer.unitPriceFen) {
    const honey = by("honey");
    const huanglian = honey.products[1]!;
    const soldOn = new Date(Date.UTC(offer.decidedAt.getUTCFullYear(), offer.decidedAt.getUTCMonth(), offer.decidedAt.getUTCDate()) + 3 * DAY);
    sales.push({
      ...sale(honey, huanglian, offer.quantity, soldOn <= today ? soldOn : today, "PAIRED", "GOVERNMENT"),
      orgId: ctx.orgs.charityFederation!.id,
      createdById: await orgOwner(ctx.orgs.charityFederation!.id),
      amountFen: offer.unitPriceFen * BigInt(offer.quantity),
      needResponseId: offer.id,
    });
  }
  await prisma.consumptionSale.createMany({ data: sales });

  const counted = sales.filter((s) => !s.needResponseId).reduce((sum, s) => sum + BigInt(s.amountFen), 0n);
  ctx.log(`    ${made.length} producers, ${made.reduce((n, m) => n + m.products.length, 0)} products, ${sales.length} offline sales (${Number(counted / 100n).toLocaleString("zh-CN")} yuan), 2 events, 2 pledges`);
}
