-- The SQL surface on small texts: both export shapes, blanks, unreadable
-- cells, rows the template lacks, checks and their messages, STRICT NULLs.
SET datestyle = ISO;
\pset null '(null)'

-- A 2021-template report exported one row per line (PDF), no title line:
-- the year comes from the 统计期限 sentence, the agency from the signature.
CREATE TEMP TABLE r2021(body text);
INSERT INTO r2021 VALUES (E'本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n'
'一、总体情况\n本年度主动公开信息１２０条。\n'
'二、主动公开政府信息情况\n'
'  第二十条第（一）项\n'
'  信息内容     本年制发件数   本年废止件数   现行有效件数\n'
'  规    章           0              0              3\n'
'  行政规范性文件     ２             1              1,204\n'
'  第二十条第（五）项\n  信息内容     本年处理决定数量\n  行政许可     1,532\n'
'  第二十条第（六）项\n  信息内容     本年处理决定数量\n  行政处罚     —\n  行政强制     7件\n'
'  第二十条第（八）项\n  信息内容     本年收费金额（单位：万元）\n  行政事业性收费   125000元\n'
'\n                                   - 1 -\n\f\n'
'三、收到和处理政府信息公开申请情况\n'
'（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）   申请人情况\n'
'              自然人   法人或其他组织                                    总计\n'
'                       商业企业  科研机构  社会公益组织  法律服务机构  其他\n'
'一、本年新收政府信息公开申请数量    10  2  0  0  1  0  13\n'
'二、上年结转政府信息公开申请数量    1  0  0  0  0  0  1\n'
'三、本年度办理结果  （一）予以公开    6  1  0  0  1  0  8\n'
'  （二）部分公开（区分处理的，只计这一\n    情形，不计其他情形）   1  0  0  0  0  0  1\n'
'  （三）不予公开   1.属于国家秘密   0  0  0  0  0  0  0\n'
'    2.其他法律行政法规禁止公开   0  0  0  0  0  0  0\n'
'    3.危及“三安全一稳定”   0  0  0  0  0  0  0\n'
'    4.保护第三方合法权益   0  0  0  0  0  0  0\n'
'    5.属于三类内部事务信息   0  0  0  0  0  0  0\n'
'    6.属于四类过程性信息   0  0  0  0  0  0  0\n'
'    7.属于行政执法案卷   0  0  0  0  0  0  0\n'
'    8.属于行政查询事项   0  0  0  0  0  0  0\n'
'  （四）无法提供   1.本机关不掌握相关政府信息   2  1  0  0  0  0  3\n'
'    2.没有现成信息需要另行制作   0  0  0  0  0  0  0\n'
'    3.补正后申请内容仍不明确   0  0  0  0  0  0  0\n'
'  （五）不予处理   1.信访举报投诉类申请   0  0  0  0  0  0  0\n'
'    2.重复申请   1  0  0  0  0  0  1\n'
'    3.要求提供公开出版物   0  0  0  0  0  0  0\n'
'    4.无正当理由大量反复申请   0  0  0  0  0  0  0\n'
'    5.要求行政机关确认或重新出具已获取信息   0  0  0  0  0  0  0\n'
'  （六）其他处理   1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息\n'
'      公开申请   0  0  0  0  0  0  0\n'
'    2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请   0  0  0  0  0  0  0\n'
'    3.其他   0  0  0  0  0  0  0\n'
'  （七）总计   10  2  0  0  1  0  13\n'
'四、结转下年度继续办理   1  0  0  0  0  0  1\n'
'四、政府信息公开行政复议、行政诉讼情况\n'
'   行政复议                       行政诉讼\n'
'                         未经复议直接起诉          复议后起诉\n'
'结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n'
'1  1  0  0  2  0  0  0  1  1  0  0  0  0  0\n'
'五、存在的主要问题及改进情况\n一是公开质量有待提高。\n'
'                         某某市某某区财政局\n'
'                         二〇二三年一月十七日\n');

SELECT * FROM gai_report((SELECT body FROM r2021));
SELECT section, item, col, value, item_label, col_label, line, raw, status
FROM gai_parse((SELECT body FROM r2021)) WHERE section = 'active' OR item IN ('received', 'partial', 'other.overdue_correction', 'total') OR section = 'appeals';
SELECT count(*) FROM gai_parse((SELECT body FROM r2021));
SELECT * FROM gai_check((SELECT body FROM r2021));
SELECT gai_is_valid(body) FROM r2021;

-- The same report with one total changed and a cell nobody can read:
-- broken rules name their cells, with expected and actual.
SELECT rule, severity, section, item, col, expected, actual, message
FROM gai_check(replace(replace((SELECT body FROM r2021), '（七）总计   10  2', '（七）总计   11  2'),
                       '行政强制     7件', '行政强制     7?'));
SELECT (gai_report(replace((SELECT body FROM r2021), '行政强制     7件', '行政强制     7?'))).warnings;

-- A blank that mattered: the rule holds only with blank = 0, and says so.
SELECT rule, message FROM gai_check(replace((SELECT body FROM r2021),
  '2.重复申请   1  0  0  0  0  0  1', '2.重复申请   1  0  0  0  0  —  1'));
SELECT (gai_report(replace((SELECT body FROM r2021),
  '2.重复申请   1  0  0  0  0  0  1', '2.重复申请   1  0  0  0  0  —  1'))).warnings;
SELECT rule, message FROM gai_check(replace((SELECT body FROM r2021),
  '2.重复申请   1  0  0  0  0  0  1', '2.重复申请   1  0  0  0  0  —  2'));

-- A row with one value too few in a row-per-line export cannot be placed.
SELECT item, col, value, status FROM gai_parse(replace((SELECT body FROM r2021),
  '二、上年结转政府信息公开申请数量    1  0  0  0  0  0  1', '二、上年结转政府信息公开申请数量    1  0  0  0  0  1'))
WHERE item = 'carried_in';

-- STRICT: NULL in, NULL out
SELECT gai_report(NULL) IS NULL AS report_null, gai_is_valid(NULL) IS NULL AS valid_null,
       (SELECT count(*) FROM gai_parse(NULL)) AS parse_rows, (SELECT count(*) FROM gai_check(NULL)) AS check_rows;

-- gai_is_valid in a CHECK constraint
CREATE TEMP TABLE checked(body text CHECK (gai_is_valid(body)));
INSERT INTO checked SELECT body FROM r2021;
INSERT INTO checked VALUES ('not a report');
SELECT count(*) FROM checked;
