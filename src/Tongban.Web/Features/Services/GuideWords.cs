namespace Tongban.Web.Features.Services;

/// <summary>
/// The words residents say for what the catalog names formally ("老人" for 老年人, "低保" for 最低生活保障). A search
/// term matches an item when the item's text holds the term or one of the formal words it stands for. Each line is
/// one everyday word and what it may mean; a word not listed is matched as typed.
/// </summary>
public static class GuideWords
{
    private static readonly Dictionary<string, string[]> Everyday = new(StringComparer.Ordinal)
    {
        ["老人"] = ["老年人", "高龄", "养老", "敬老"],
        ["老年"] = ["高龄", "养老", "敬老"],
        ["敬老卡"] = ["优待证"],
        ["吃饭"] = ["助餐"],
        ["食堂"] = ["助餐"],
        ["低保"] = ["最低生活保障"],
        ["困难"] = ["救助", "低保", "特困"],
        ["残疾"] = ["残疾人"],
        ["残疾证"] = ["残疾人证"],
        ["轮椅"] = ["辅助器具"],
        ["医保"] = ["医疗保险", "医疗保障"],
        ["看病"] = ["医疗", "门诊"],
        ["慢性病"] = ["慢特病"],
        ["社保"] = ["养老保险", "医疗保险", "社会保障"],
        ["退休"] = ["养老保险待遇", "养老金"],
        ["养老金"] = ["养老保险待遇"],
        ["生孩子"] = ["生育"],
        ["生小孩"] = ["生育"],
        ["独生子女"] = ["独生子女父母"],
        ["户口"] = ["户籍", "居住登记"],
        ["外地人"] = ["流动人口", "居住证"],
        ["租房"] = ["租赁住房", "居住登记"],
        ["廉租房"] = ["公共租赁住房"],
        ["公租房"] = ["公共租赁住房"],
        ["开证明"] = ["证明"],
        ["丢工作"] = ["失业"],
        ["找工作"] = ["就业"],
        ["当兵"] = ["退役军人"],
        ["老兵"] = ["退役军人"],
        ["打官司"] = ["法律援助"],
        ["律师"] = ["法律援助"],
        ["丧葬"] = ["殡葬"],
        ["去世"] = ["殡葬"],
        ["党员"] = ["党员组织关系"],
    };

    /// <summary>The texts that satisfy one typed term: the term itself and the formal words it may stand for.</summary>
    public static IReadOnlyList<string> Meanings(string term) =>
        Everyday.TryGetValue(term, out var formal) ? [term, .. formal] : [term];
}
