/**
 * Taiwan words written only with characters shared by both scripts, which mainland text does
 * not use (in jieba's mainland-corpus dictionary each has a frequency under 100). A text
 * without any script-specific character (a keyword list such as "雷射, 伺服器") cannot be
 * recognised as Traditional, so these phrases are converted there anyway; the target words come
 * from OpenCC's Taiwan phrase table. Words that mainland text does use are left out on purpose:
 * 程式 (程式化), 位元 (单位元), 元件, 物件, 影片, 使用者, 分散式, 微控制器, 心肌梗塞, 失智症 —
 * the synonym groups cover the useful ones at query time.
 */
// prettier-ignore
export const TAIWAN_ONLY_PHRASES: readonly string[] = [
  "伺服器", "雷射", "列印", "介面", "硬碟", "磁碟", "光碟", "滑鼠", "演算法", "最佳化", "晶片", "奈米",
  "人工智慧", "解析度", "超音波", "胺基酸", "巴金森氏症", "登入", "排程", "表示式", "快取", "巨集", "函式",
  "字串", "字元", "位址", "部落格", "非同步", "太空梭", "西元",
];
