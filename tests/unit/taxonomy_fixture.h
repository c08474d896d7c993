#pragma once
// A small in-memory taxonomy for unit tests (no disk).
#include "m4d/taxonomy.h"

namespace m4d::testing {

inline TaxonomyFiles small_taxonomy() {
  TaxonomyFiles f;
  f["themes.tsv"] =
      "# theme\tlang\tlabel\tdescription\n"
      "remittances\ten\tMigrant remittances\tMoney sent home.\n"
      "remittances\tfr\tTransferts de fonds des migrants\tArgent envoy\u00E9.\n"
      "rights\ten\tMigrant rights\tHuman rights of migrants.\n"
      "communities\ten\tMigrant communities\tDiaspora networks.\n";
  f["theme_cues.tsv"] =
      "remittances\ten\t4\tremittance\n"
      "remittances\ten\t3\tfinancial literacy\n"
      "rights\ten\t4\thuman rights\n"
      "rights\ten\t3\tdiscrimination\n"
      "communities\ten\t3\tdiaspora\n";
  f["sdg/goals.tsv"] =
      "1\t#E5243B\ten\tNo poverty\tEnd poverty\n"
      "10\t#DD1367\ten\tReduced inequalities\tReduce inequality\n"
      "11\t#FD9D24\ten\tSustainable cities\tCities\n"
      "16\t#00689D\ten\tPeace\tPeace and justice\n"
      "17\t#19486A\ten\tPartnerships\tPartnerships for the goals\n";
  f["sdg/targets.tsv"] =
      "1.4\ten\tEnsure equal rights to economic resources and access to basic and financial services\n"
      "10.7\ten\tFacilitate orderly, safe, regular and responsible migration and mobility of people\n"
      "10.7\tfr\tFaciliter la migration et la mobilit\u00E9 de fa\u00E7on ordonn\u00E9e\n"
      "10.c\ten\tReduce the transaction costs of migrant remittances\n"
      "11.a\ten\tSupport positive links between urban, peri-urban and rural areas\n"
      "16.b\ten\tPromote and enforce non-discriminatory laws and policies\n"
      "17.16\ten\tEnhance the global partnership for sustainable development\n"
      "17.17\ten\tEncourage effective public, public-private and civil society partnerships\n";
  f["sdg/indicators.tsv"] = "10.c.1\t10.c\ten\tRemittance costs as a proportion of the amount remitted\n";
  f["sdg/cues.tsv"] = "10.c\ten\t4\ttransaction costs\n10.7\ten\t3\tmigration governance\n";
  f["countries/subdivisions.tsv"] =
      "EC-P\tEC\tProvince\tPichincha\nPA-7\tPA\tProvince\tLos Santos\nSN-SE\tSN\tRegion\tS\u00E9dhiou\n";
  f["countries/aliases.tsv"] = "PH\ten\tFilipino\nGB\ten\tUK\nNL\ten\tthe Netherlands\nSV\ten\tSalvadoran\n";
  f["countries/m49_groupings.tsv"] = "013\t419\n005\t419\n";
  f["countries/gazetteer.tsv"] =
      "person_name\tjordan\nperson_name\tchad\nperson_name\tgeorgia\nfeature_before\tlake\nfeature_after\triver\n"
      "lead_word\tin\nlead_word\tthe\nlead_word\tand\nlead_word\tfrom\ngeneric_place\tcentral\n"
      "not_country_near\tgeorgia\tAtlanta\n";
  f["types.tsv"] = "case_study\ten\tCase study\nproject\ten\tProject record\n";
  f["glossary.tsv"] =
      "remittances\ten\tremittances\nremittances\ten\tmoney sent home\nremittances\tfr\ttransferts de fonds\n";
  return f;
}

}  // namespace m4d::testing
