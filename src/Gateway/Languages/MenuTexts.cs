using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;

namespace CertOrleans.Gateway.Languages;

/// <summary>
/// The kiosk menu's words: certificate type names, option labels, why the service is closed, and the purposes
/// of a city's reads on the history screen. Keyed by the stable codes; the certificate itself stays Japanese.
/// </summary>
public static class MenuTexts
{
    /// <summary>A new certificate type needs a row here (CertificateTypes.All is checked by the tests). Ja is the printed name.</summary>
    public static readonly IReadOnlyDictionary<CertificateType, Translations> CertificateNames = new Dictionary<CertificateType, Translations>
    {
        [CertificateType.ResidentRecordCopy] = new("住民票の写し", "Certificate of Residence (Juminhyo)", "住民票副本", "주민표 사본",
            "Atestado de Residência (Juminhyo)", "Certificado de Residencia (Juminhyo)"),
        [CertificateType.ResidentRecordItems] = new("住民票記載事項証明書", "Certificate of Resident Record Items", "住民票记载事项证明书", "주민표 기재사항 증명서",
            "Certidão dos Dados do Registro de Residente", "Certificado de Datos del Registro de Residencia"),
        [CertificateType.SealRegistration] = new("印鑑登録証明書", "Certificate of Seal Registration (Inkan)", "印章登记证明书", "인감등록증명서",
            "Certificado de Registro de Carimbo (Inkan)", "Certificado de Registro de Sello (Inkan)"),
        [CertificateType.IncomeTax] = new("所得・課税証明書", "Certificate of Income and Taxation", "所得及课税证明书", "소득·과세 증명서",
            "Certificado de Renda e Tributação", "Certificado de Ingresos y Tributación"),
        [CertificateType.Income] = new("所得証明書", "Certificate of Income", "所得证明书", "소득 증명서", "Certificado de Renda", "Certificado de Ingresos"),
        [CertificateType.Taxation] = new("課税証明書", "Certificate of Taxation", "课税证明书", "과세 증명서", "Certificado de Tributação", "Certificado de Tributación"),
        [CertificateType.NonTaxation] = new("非課税証明書", "Certificate of Non-Taxation", "非课税证明书", "비과세 증명서", "Certificado de Não Tributação",
            "Certificado de No Tributación"),
        [CertificateType.TaxPayment] = new("納税証明書", "Certificate of Tax Payment", "纳税证明书", "납세 증명서", "Certificado de Pagamento de Impostos",
            "Certificado de Pago de Impuestos"),
        [CertificateType.FamilyRegisterAll] = new("戸籍全部事項証明書", "Family Register Certificate, All Members (Koseki Tohon)", "户籍全部事项证明书（誊本）", "호적 전부사항 증명서(등본)",
            "Certidão do Registro Familiar, Todos os Membros (Koseki Tohon)", "Certificado del Registro Familiar, Todos los Miembros (Koseki Tohon)"),
        [CertificateType.FamilyRegisterIndividual] = new("戸籍個人事項証明書", "Family Register Certificate, Individual (Koseki Shohon)", "户籍个人事项证明书（抄本）", "호적 개인사항 증명서(초본)",
            "Certidão do Registro Familiar, Individual (Koseki Shohon)", "Certificado del Registro Familiar, Individual (Koseki Shohon)"),
        [CertificateType.FamilyRegisterAddresses] = new("戸籍の附票の写し", "Family Register Address Record (Koseki Fuhyo)", "户籍附票副本", "호적 부표 사본",
            "Cópia do Registro de Endereços do Koseki (Fuhyo)", "Copia del Registro de Domicilios del Koseki (Fuhyo)"),
    };

    /// <summary>Labels of the options a menu offer lists (the codes of the order's <c>options</c> fields).</summary>
    public static readonly IReadOnlyDictionary<string, Translations> OptionLabels = new Dictionary<string, Translations>
    {
        ["wholeHousehold"] = new("世帯全員", "Whole household", "全户成员", "세대원 전원", "Todos os membros do domicílio", "Todos los miembros del hogar"),
        ["selectedMembers"] = new("世帯の一部（選んだ方のみ）", "Selected household members only", "部分户成员（仅限所选人员）", "세대원 일부(선택한 분만)",
            "Somente os membros do domicílio selecionados", "Solo los miembros del hogar seleccionados"),
        ["includeHouseholdHead"] = new("世帯主・続柄を記載する", "Show the head of household and relationship", "记载户主及与户主的关系", "세대주·세대주와의 관계 기재",
            "Incluir o chefe do domicílio e o parentesco", "Incluir el cabeza de hogar y el parentesco"),
        ["includePermanentDomicile"] = new("本籍・筆頭者を記載する", "Show the registered domicile (honseki) and the head of the family register",
            "记载本籍及户籍笔头人", "본적·필두자 기재", "Incluir o domicílio permanente (honseki) e o titular do registro familiar",
            "Incluir el domicilio permanente (honseki) y el titular del registro familiar"),
        ["includeCommonNameHistory"] = new("通称の履歴を記載する", "Show the history of the common name (tsusho)", "记载通称的履历", "통칭 이력 기재",
            "Incluir o histórico do nome de uso (tsusho)", "Incluir el historial del nombre de uso (tsusho)"),
        ["includePreviousAddress"] = new("前住所を記載する", "Show the previous address", "记载以前的地址", "이전 주소 기재", "Incluir o endereço anterior",
            "Incluir el domicilio anterior"),
        ["includeLastChange"] = new("異動事由を記載する", "Show the reason and date of the last change", "记载异动事由", "이동 사유 기재",
            "Incluir o motivo e a data da última alteração", "Incluir el motivo y la fecha del último cambio"),
        ["includeMyNumber"] = new("個人番号（マイナンバー）を記載する", "Show the Individual Number (My Number)", "记载个人编号（My Number）", "개인번호(마이넘버) 기재",
            "Incluir o Número Individual (My Number)", "Incluir el Número Individual (My Number)"),
    };

    /// <summary>Why the service is closed, for each <see cref="ClosedReasons"/> code (the city's own notice comes with it, as written).</summary>
    public static readonly IReadOnlyDictionary<string, Translations> ClosedReasonTexts = new Dictionary<string, Translations>
    {
        [ClosedReasons.OutsideHours] = new("ただいまサービス時間外です。", "The service is outside its hours now.", "现在不在服务时间内。", "지금은 서비스 시간이 아닙니다.",
            "Fora do horário de atendimento.", "Fuera del horario de servicio."),
        [ClosedReasons.YearEndClosure] = new("年末年始（12月29日～1月3日）はサービスを休止しています。", "The service is closed for the New Year holidays (29 December to 3 January).",
            "年末年初（12月29日至1月3日）暂停服务。", "연말연시(12월 29일~1월 3일)에는 서비스를 쉽니다.",
            "Serviço suspenso no período de fim de ano (29 de dezembro a 3 de janeiro).", "Servicio suspendido por las fiestas de fin de año (del 29 de diciembre al 3 de enero)."),
        [ClosedReasons.Maintenance] = new("システムメンテナンスのため、サービスを休止しています。", "The service is paused for system maintenance.", "系统维护中，暂停服务。",
            "시스템 점검으로 서비스를 일시 중단하고 있습니다.", "Serviço suspenso para manutenção do sistema.", "Servicio suspendido por mantenimiento del sistema."),
        [ClosedReasons.PublicHoliday] = new("本日は祝日のため、ご利用いただけません。", "The service is closed today for a national holiday.", "今天是法定节假日，暂停服务。",
            "오늘은 공휴일이므로 이용하실 수 없습니다.", "Serviço fechado hoje por ser feriado nacional.", "Servicio cerrado hoy por ser día festivo nacional."),
        [ClosedReasons.NotOffered] = new("この市区町村の証明書はコンビニ交付の対象外です。", "This municipality does not issue certificates at stores.", "该市区町村不提供便利店交付证明书的服务。",
            "이 시구정촌의 증명서는 편의점에서 발급하지 않습니다.", "Este município não emite certificados em lojas de conveniência.", "Este municipio no emite certificados en tiendas de conveniencia."),
        [ClosedReasons.Stopped] = new("ただいまサービスを停止しています。", "The service has been stopped for now.", "服务目前已暂停。", "현재 서비스가 중지되어 있습니다.",
            "O serviço está interrompido no momento.", "El servicio está detenido por el momento."),
    };

    /// <summary>The purposes a city's staff state for reading a resident's records (Contracts.Journal.AccessPurposes), as the history screen shows them.</summary>
    public static readonly IReadOnlyDictionary<string, Translations> PurposeNames = new Dictionary<string, Translations>
    {
        ["resident-request"] = new("本人からの求め", "At your own request", "应本人要求", "본인의 요청", "A seu pedido", "A petición suya"),
        ["misuse-investigation"] = new("不正利用の調査", "Investigation of misuse", "调查不正当使用", "부정 이용 조사", "Investigação de uso indevido", "Investigación de uso indebido"),
        ["incident-response"] = new("障害・事故への対応", "Response to a system failure or incident", "应对系统故障或事故", "장애·사고 대응",
            "Resposta a uma falha ou incidente", "Respuesta a una falla o incidente"),
        ["audit"] = new("監査", "Audit", "审计", "감사", "Auditoria", "Auditoría"),
        ["legal-inquiry"] = new("法令に基づく照会", "Inquiry under the law", "依据法令的查询", "법령에 따른 조회", "Consulta com base na lei", "Consulta conforme a la ley"),
        ["registration-review"] = new("利用登録の審査", "Review of a registration", "审查使用登记", "이용 등록 심사", "Análise de um cadastro", "Revisión de un registro"),
    };

    public static string CertificateName(CertificateType type, KioskLanguage language) => CertificateNames[type].In(language);

    /// <summary>The menu name of a type code; a code no type has (an older grain's) keeps the name it came with.</summary>
    public static string? CertificateName(string? code, KioskLanguage language) =>
        CertificateTypes.TryParse(code, out var type) ? CertificateName(type, language) : null;

    public static string? Text(this IReadOnlyDictionary<string, Translations> table, string? code, KioskLanguage language) =>
        code is not null && table.TryGetValue(code, out var row) ? row.In(language) : null;
}
