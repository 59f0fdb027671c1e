-- The gender indices (methods.md sections 1-4), unrounded, for every region-year whose inputs
-- are complete (published.data_completeness), from the terms of temp.index_terms. An index for
-- a parent region uses the parent's own inputs.
-- mixed_origin: the index's inputs come from a published table and from survey microdata, or
-- from the microdata of different surveys (their sources differ); the note says so.
-- depends: index_terms, data_completeness, constants, indicator_value, index_input
-- creates: published.gender_index

-- The note on one index value, in the language of text: idg's assumed goalposts, ikg's
-- calibrated health constant (written where text.ikg has {c}), the inputs floored or truncated
-- at a boundary, the unreliable inputs and the inputs with a caution band (the index is then
-- indicative) among the index's own, '; '-separated; NULL when there is nothing to note.
CREATE OR REPLACE TEMP MACRO index_note(index_code, health_constant, floored, unreliable, caution, mixed, text) AS nullif(concat_ws('; ',
    CASE WHEN index_code = 'idg' THEN text.idg END,
    CASE WHEN index_code = 'ikg' THEN replace(text.ikg, '{c}', health_constant::VARCHAR) END,
    CASE WHEN len(floored) > 0 THEN text.floored || array_to_string(floored, ', ') END,
    CASE WHEN len(unreliable) > 0 THEN text.unreliable || array_to_string(list_sort(unreliable), ', ') END,
    CASE WHEN len(caution) > 0 THEN text.caution || array_to_string(list_sort(caution), ', ') END,
    CASE WHEN mixed THEN text.mixed END
), '');

-- Whether the inputs (indicator.SEX names) of an index mix origins or surveys, given the
-- region-year's inputs by origin (o.published, o.microdata) and its microdata sources.
CREATE OR REPLACE TEMP MACRO index_mixed(inputs, o) AS coalesce(
    (len(list_intersect(o.published, inputs)) > 0 AND len(list_intersect(o.microdata, inputs)) > 0)
    OR len(list_distinct(list_transform(list_filter(o.surveys, s -> list_contains(inputs, s.input)), s -> s.source))) > 1,
    false);

-- The inputs of an index that met a floor or a truncation (temp.index_terms' bounded terms).
CREATE OR REPLACE TEMP MACRO index_floored(index_code, t) AS list_filter([
    CASE WHEN index_code IN ('gii', 'ikg', 'idg') AND t.pr_f_floored <> t.pr_f THEN 'parliament_share.P' END,
    CASE WHEN index_code = 'gii' AND t.mmr_truncated <> t.mmr THEN 'maternal_mortality' END,
    CASE WHEN index_code = 'ikg' AND t.mtf_floored <> t.mtf THEN 'birth_outside_facility.P' END,
    CASE WHEN index_code = 'ikg' AND t.mhpk20_floored <> t.mhpk20 THEN 'first_birth_under_20.P' END],
    x -> x IS NOT NULL);

CREATE OR REPLACE TABLE published.gender_index AS
WITH value AS (
    SELECT region_code, year, 'hdi_f' AS index_code, hdi_f AS value FROM temp.index_terms
    UNION ALL SELECT region_code, year, 'hdi_m', hdi_m FROM temp.index_terms
    UNION ALL SELECT region_code, year, 'gdi', hdi_f / hdi_m FROM temp.index_terms
    UNION ALL SELECT region_code, year, 'gii', 1 - gii_harm / gii_g_fm FROM temp.index_terms
    UNION ALL SELECT region_code, year, 'ikg', 1 - ikg_harm / ikg_g_fm FROM temp.index_terms
    UNION ALL SELECT region_code, year, 'ipg', 100 * ipm_f / ipm_m FROM temp.index_terms
    UNION ALL SELECT region_code, year, 'idg', 100 * (idg_i_parliament + idg_i_decision + idg_i_income) / 3 FROM temp.index_terms
)
SELECT v.region_code, v.year, v.index_code, v.value, c.complete,
       v.index_code = 'idg' AS approximate,
       index_note(v.index_code, k.ikg_health_constant, index_floored(v.index_code, w), list_intersect(w.unreliable, d.inputs),
           list_intersect(w.caution, d.inputs), index_mixed(d.inputs, o), {
           'mixed': 'mixed origins: inputs from published tables and from survey microdata, or from different surveys',
           'idg': 'income part uses assumed goalposts (BPS IPM expenditure goalposts; BPS IDG income goalposts not found); income share: '
               || CASE WHEN o.earnings THEN 'women''s share of weighted earnings from survey microdata (earnings_share), not BPS''s sumbangan pendapatan (non-agricultural wage ratio times labour force shares)'
                       ELSE 'BPS''s sumbangan pendapatan (income_share)' END,
           'ikg': 'health term constant {c} calibrated to BPS published IKG',
           'floored': 'inputs at a floor or truncation (see constants): ',
           'unreliable': 'unreliable inputs (few survey records): ',
           'caution': 'indicative: inputs with a relative standard error of 25-50 %: '}) AS note,
       -- the same note in Indonesian, for the dashboard and the report
       index_note(v.index_code, k.ikg_health_constant, index_floored(v.index_code, w), list_intersect(w.unreliable, d.inputs),
           list_intersect(w.caution, d.inputs), index_mixed(d.inputs, o), {
           'mixed': 'asal campuran: input dari tabel terbitan dan dari mikrodata survei, atau dari survei yang berbeda',
           'idg': 'bagian pendapatan memakai batas asumsi (batas pengeluaran IPM BPS; batas pendapatan IDG BPS tidak ditemukan); sumbangan pendapatan: '
               || CASE WHEN o.earnings THEN 'bagian perempuan dari pendapatan kerja tertimbang dari mikrodata survei (earnings_share), bukan sumbangan pendapatan BPS (rasio upah nonpertanian kali porsi angkatan kerja)'
                       ELSE 'sumbangan pendapatan BPS (income_share)' END,
           'ikg': 'konstanta kesehatan {c} dikalibrasi ke IKG terbitan BPS',
           'floored': 'input pada batas bawah atau atas (lihat konstanta): ',
           'unreliable': 'input kurang andal (sedikit catatan survei): ',
           'caution': 'indikatif: input dengan galat baku relatif 25-50 %: '}) AS note_id,
       len(list_intersect(w.caution, d.inputs)) > 0 AS indicative,
       index_mixed(d.inputs, o) AS mixed_origin
FROM value v
JOIN published.data_completeness c
  ON c.region_code = v.region_code AND c.year = v.year AND c.index_code = v.index_code AND c.complete
JOIN temp.index_definition d ON d.index_code = v.index_code
JOIN temp.index_terms w ON w.region_code = v.region_code AND w.year = v.year
LEFT JOIN (
    -- the inputs by origin as the index takes them (an earnings share standing in for the
    -- income share counts as the income share), with the source of each microdata input
    SELECT i.region_code, i.year,
           list(i.input) FILTER (WHERE i.origin = 'published') AS published,
           list(i.input) FILTER (WHERE i.origin = 'microdata') AS microdata,
           list({'input': i.input, 'source': coalesce(x.source, '')}) FILTER (WHERE i.origin = 'microdata') AS surveys,
           coalesce(bool_or(i.input = 'income_share.P' AND i.indicator = 'earnings_share'), false) AS earnings
    FROM temp.index_input i
    LEFT JOIN published.indicator_value x
      ON x.region_code = i.region_code AND x.year = i.year AND x.indicator = i.indicator AND x.sex = i.sex
    GROUP BY i.region_code, i.year
) o ON o.region_code = v.region_code AND o.year = v.year
CROSS JOIN temp.k k
ORDER BY v.region_code, v.year, d.ordinal;
