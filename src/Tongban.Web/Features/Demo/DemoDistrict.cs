namespace Tongban.Web.Features.Demo;

/// <summary>
/// The invented sample district (示例数据): names, codes and sizes. Code prefix 99 is no real province, so the
/// demo can never be mistaken for a real place.
/// </summary>
public static class DemoDistrict
{
    public const string DistrictCode = "990101000000";
    public const string DistrictName = "清源区（示例）";

    public sealed record StreetPlan(string Code, string Name, CommunityPlan[] Communities);

    public sealed record CommunityPlan(string Code, string Name, int Grids, CompoundPlan[] Compounds);

    /// <summary>A compound with its buildings: count, floors, units per building, dwellings per floor per unit.</summary>
    public sealed record CompoundPlan(string Name, string Address, string PropertyCompany, int Buildings, int Floors, int Units, int PerFloor);

    public static readonly StreetPlan[] Streets =
    [
        new("990101001000", "东湖街道",
        [
            new("990101001001", "滨河社区", 4,
            [
                new("滨河小区", "清源区滨河路18号", "清源安居物业", 10, 7, 2, 2),
                new("锦绣家园", "清源区锦绣街66号", "锦绣物业服务有限公司", 8, 11, 2, 3),
            ]),
            new("990101001002", "春晖社区", 3,
            [
                new("春晖苑", "清源区春晖路9号", "春晖物业", 9, 7, 3, 2),
                new("阳光新村", "清源区阳光大道120号", "阳光物业管理有限公司", 9, 7, 2, 3),
            ]),
        ]),
        new("990101002000", "西苑街道",
        [
            new("990101002001", "银杏社区", 3,
            [
                new("银杏花园", "清源区银杏路33号", "银杏物业", 10, 12, 2, 3),
            ]),
            new("990101002002", "和平社区", 4,
            [
                new("和平里", "清源区和平街5号", "清源安居物业", 8, 6, 3, 2),
                new("翠湖名邸", "清源区翠湖东路88号", "翠湖物业服务有限公司", 8, 18, 2, 3),
            ]),
        ]),
    ];

    public static readonly string[] GridNames = ["第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格"];

    /// <summary>Frame of the whole district on the map (invented coordinates).</summary>
    public const double West = 112.520, South = 37.840, East = 112.600, North = 37.900;

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
        "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
        "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
    ];

    public static readonly string[] GivenCharacters =
    [
        "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞",
        "平", "刚", "桂", "兰", "玉", "华", "红", "建", "国", "文", "志", "晓", "海", "云", "鹏", "飞", "慧", "佳", "欣", "怡",
        "子", "涵", "梓", "轩", "浩", "宇", "晨", "雨", "思", "琪", "博", "俊", "婷", "雪", "梅", "琳", "凤", "春", "秋", "荣",
        "德", "福", "民", "长", "金", "宏", "振", "永", "淑", "珍", "萍", "亮", "林", "斌", "峰", "丹", "瑶", "嘉", "诗", "睿",
    ];

    public static readonly string[] MobilePrefixes = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "189", "177", "199"];

    public static readonly string[] DisabilityNotes = ["肢体残疾二级", "肢体残疾四级", "视力残疾一级", "听力残疾三级", "智力残疾二级", "精神残疾三级", "言语残疾四级"];

    public static readonly string[] HealthNotes = ["高血压", "糖尿病", "冠心病", "慢性支气管炎", "行动不便"];
}
