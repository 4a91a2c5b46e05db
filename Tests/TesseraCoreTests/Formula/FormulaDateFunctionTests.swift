import Foundation
import Testing

@testable import TesseraCore

@Suite("Formula date functions")
struct FormulaDateFunctionTests {
    static func date(_ iso: String) -> FormulaValue { .date(utcDate(iso)) }

    static let partCases: [FormulaCase] = [
        FormulaCase("NOW()", date("2024-03-10T15:45:30.250Z")),
        FormulaCase("TODAY()", date("2024-03-10T00:00:00Z")),
        FormulaCase("YEAR({Due})", .number(2024)),
        FormulaCase("MONTH({Due})", .number(2)),
        FormulaCase("DAY({Due})", .number(29)),
        FormulaCase("HOUR({Due})", .number(12)),
        FormulaCase("MINUTE('2024-01-02T03:04:05Z')", .number(4)),
        FormulaCase("SECOND('2024-01-02T03:04:05Z')", .number(5)),
        FormulaCase("YEAR('2024-12-31T23:30:00-02:00')", .number(2025)),
        FormulaCase("MONTH(NOW())", .number(3)),
        FormulaCase("WEEKDAY({Due})", .number(4)),
        FormulaCase("WEEKDAY(NOW())", .number(0)),
        FormulaCase("WEEKDAY(NOW(), 'Monday')", .number(6)),
        FormulaCase("WEEKDAY({Due}, 'monday')", .number(3)),
        FormulaCase("WEEKDAY({Due}, 'Sunday')", .number(4)),
        FormulaCase("WEEKDAY('2024-01-01')", .number(1)),
        FormulaCase("WEEKDAY('1900-03-01')", .number(4)),
        FormulaCase("WEEKDAY('1969-12-31')", .number(3)),
    ]

    static let formatCases: [FormulaCase] = [
        FormulaCase("DATETIME_FORMAT({Due})", .text("2024-02-29T12:00:00.000Z")),
        FormulaCase("DATETIME_FORMAT({Due}, 'YYYY-MM-DD')", .text("2024-02-29")),
        FormulaCase("DATETIME_FORMAT({Due}, 'YYYYMMDD')", .text("20240229")),
        FormulaCase("DATETIME_FORMAT({Due}, 'M/D/YY')", .text("2/29/24")),
        FormulaCase("DATETIME_FORMAT({Due}, 'L')", .text("02/29/2024")),
        FormulaCase("DATETIME_FORMAT({Due}, 'l')", .text("2/29/2024")),
        FormulaCase("DATETIME_FORMAT({Due}, 'LL')", .text("February 29, 2024")),
        FormulaCase("DATETIME_FORMAT({Due}, 'll')", .text("Feb 29, 2024")),
        FormulaCase("DATETIME_FORMAT({Due}, 'LLL')", .text("February 29, 2024 12:00 PM")),
        FormulaCase("DATETIME_FORMAT({Due}, 'lll')", .text("Feb 29, 2024 12:00 PM")),
        FormulaCase("DATETIME_FORMAT({Due}, 'LLLL')", .text("Thursday, February 29, 2024 12:00 PM")),
        FormulaCase("DATETIME_FORMAT({Due}, 'llll')", .text("Thu, Feb 29, 2024 12:00 PM")),
        FormulaCase("DATETIME_FORMAT({Due}, 'LT')", .text("12:00 PM")),
        FormulaCase("DATETIME_FORMAT({Due}, 'LTS')", .text("12:00:00 PM")),
        FormulaCase("DATETIME_FORMAT({Due}, 'dddd, MMMM Do')", .text("Thursday, February 29th")),
        FormulaCase("DATETIME_FORMAT({Due}, 'ddd D MMM')", .text("Thu 29 Feb")),
        FormulaCase("DATETIME_FORMAT({Due}, 'dd d')", .text("Th 4")),
        FormulaCase("DATETIME_FORMAT({Due}, 'HH:mm:ss')", .text("12:00:00")),
        FormulaCase("DATETIME_FORMAT({Due}, 'h:mm a')", .text("12:00 pm")),
        FormulaCase("DATETIME_FORMAT({Due}, 'Q')", .text("1")),
        FormulaCase("DATETIME_FORMAT({Due}, 'DDD')", .text("60")),
        FormulaCase("DATETIME_FORMAT({Due}, 'DDDD')", .text("060")),
        FormulaCase("DATETIME_FORMAT({Due}, '[Week of] MMM D')", .text("Week of Feb 29")),
        FormulaCase("DATETIME_FORMAT({Due}, 'X')", .text("1709208000")),
        FormulaCase("DATETIME_FORMAT({Due}, 'x')", .text("1709208000000")),
        FormulaCase("DATETIME_FORMAT({Due}, 'Z')", .text("+00:00")),
        FormulaCase("DATETIME_FORMAT({Due}, 'ZZ')", .text("+0000")),
        FormulaCase("DATETIME_FORMAT(NOW(), 'HH:mm:ss.SSS')", .text("15:45:30.250")),
        FormulaCase("DATETIME_FORMAT(NOW(), 'S SS')", .text("2 25")),
        FormulaCase("DATETIME_FORMAT(NOW(), 'hh:mm A')", .text("03:45 PM")),
        FormulaCase("DATETIME_FORMAT(NOW(), 'kk')", .text("15")),
        FormulaCase("DATETIME_FORMAT('2024-01-01T00:30:00Z', 'h:mm A')", .text("12:30 AM")),
        FormulaCase("DATETIME_FORMAT('2024-01-01T00:30:00Z', 'k:mm')", .text("24:30")),
        FormulaCase("DATETIME_FORMAT('2024-01-01T00:30:00Z', 'H:mm')", .text("0:30")),
        FormulaCase("DATETIME_FORMAT('2024-01-01', 'Do')", .text("1st")),
        FormulaCase("DATETIME_FORMAT('2024-01-02', 'Do')", .text("2nd")),
        FormulaCase("DATETIME_FORMAT('2024-01-03', 'Do')", .text("3rd")),
        FormulaCase("DATETIME_FORMAT('2024-01-04', 'Do')", .text("4th")),
        FormulaCase("DATETIME_FORMAT('2024-01-11', 'Do')", .text("11th")),
        FormulaCase("DATETIME_FORMAT('2024-01-12', 'Do')", .text("12th")),
        FormulaCase("DATETIME_FORMAT('2024-01-13', 'Do')", .text("13th")),
        FormulaCase("DATETIME_FORMAT('2024-01-21', 'Do')", .text("21st")),
        FormulaCase("DATETIME_FORMAT('2024-01-22', 'Do')", .text("22nd")),
        FormulaCase("DATETIME_FORMAT('2024-01-23', 'Do')", .text("23rd")),
        FormulaCase("DATETIME_FORMAT('2024-01-31', 'Do')", .text("31st")),
        FormulaCase("DATETIME_FORMAT('1969-07-20T20:17:40Z', 'YYYY-MM-DD HH:mm:ss')", .text("1969-07-20 20:17:40")),
        FormulaCase("DATETIME_FORMAT('1900-03-01', 'dddd')", .text("Thursday")),
        FormulaCase("DATETIME_FORMAT('2000-02-29', 'LL')", .text("February 29, 2000")),
        FormulaCase("DATETIME_FORMAT('2024-10-05', 'Q')", .text("4")),
        FormulaCase("DATETIME_FORMAT(DATETIME_PARSE('2024-03-05 10:00'), 'LLL')", .text("March 5, 2024 10:00 AM")),
    ]

    static let parseCases: [FormulaCase] = [
        FormulaCase("DATETIME_PARSE('2024-03-05')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05T10:00:00+02:00')", date("2024-03-05T08:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05T10:00:00-0130')", date("2024-03-05T11:30:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05 10:00')", date("2024-03-05T10:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05T10:00:00.123Z')", date("2024-03-05T10:00:00.123Z")),
        FormulaCase("DATETIME_PARSE(' 2024-03-05T10:00Z ')", date("2024-03-05T10:00:00Z")),
        FormulaCase("DATETIME_PARSE('3/5/2024')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('3/5/2024 14:30')", date("2024-03-05T14:30:00Z")),
        FormulaCase("DATETIME_PARSE('3/5/2024 2:30 PM')", date("2024-03-05T14:30:00Z")),
        FormulaCase("DATETIME_PARSE('March 5, 2024')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('Mar 5, 2024')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('5 March 2024')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024/3/5')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('05/03/2024', 'DD/MM/YYYY')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('March 5, 2024', 'MMMM D, YYYY')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('5 Mar 2024 14:30', 'D MMM YYYY HH:mm')", date("2024-03-05T14:30:00Z")),
        FormulaCase("DATETIME_PARSE('3/5/2024 2:30 PM', 'M/D/YYYY h:mm A')", date("2024-03-05T14:30:00Z")),
        FormulaCase("DATETIME_PARSE('12:15 AM 1/2/2024', 'h:mm A M/D/YYYY')", date("2024-01-02T00:15:00Z")),
        FormulaCase("DATETIME_PARSE('12:15 pm 1/2/2024', 'h:mm a M/D/YYYY')", date("2024-01-02T12:15:00Z")),
        FormulaCase("DATETIME_PARSE('1709208000', 'X')", date("2024-02-29T12:00:00Z")),
        FormulaCase("DATETIME_PARSE('1709208000500', 'x')", date("2024-02-29T12:00:00.500Z")),
        FormulaCase("DATETIME_PARSE('5th March 2024', 'Do MMMM YYYY')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('24-03-05', 'YY-MM-DD')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('70-01-02', 'YY-MM-DD')", date("1970-01-02T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-060', 'YYYY-DDD')", date("2024-02-29T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05', 'YYYY-MM-DD', 'en')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05 10:00 +0100', 'YYYY-MM-DD HH:mm ZZ')", date("2024-03-05T09:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05 10:00:30.250', 'YYYY-MM-DD HH:mm:ss.SSS')", date("2024-03-05T10:00:30.250Z")),
        FormulaCase("DATETIME_PARSE('14:30', 'HH:mm')", date("2024-03-10T14:30:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05 24:10', 'YYYY-MM-DD k:mm')", date("2024-03-05T00:10:00Z")),
        FormulaCase("DATETIME_PARSE('2024', 'YYYY')", date("2024-01-01T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('Thursday, February 29, 2024', 'dddd, MMMM D, YYYY')", date("2024-02-29T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024.03.05', 'YYYY-MM-DD')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05 trailing text', 'YYYY-MM-DD')", date("2024-03-05T00:00:00Z")),
        FormulaCase("DATETIME_PARSE({Due})", date("2024-02-29T12:00:00Z")),
        FormulaCase("DATETIME_PARSE('2024-03-05') = '2024-03-05'", .bool(true)),
    ]

    static let addCases: [FormulaCase] = [
        FormulaCase("DATEADD({Due}, 1, 'days')", date("2024-03-01T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'Days')", date("2024-03-01T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'day')", date("2024-03-01T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'd')", date("2024-03-01T12:00:00Z")),
        FormulaCase("DATEADD({Due}, '2', 'days')", date("2024-03-02T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'year')", date("2025-02-28T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'y')", date("2025-02-28T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 4, 'years')", date("2028-02-29T12:00:00Z")),
        FormulaCase("DATEADD({Start Date}, 1, 'month')", date("2024-02-29T00:00:00Z")),
        FormulaCase("DATEADD({Start Date}, 1, 'M')", date("2024-02-29T00:00:00Z")),
        FormulaCase("DATEADD('2024-01-31', 3, 'months')", date("2024-04-30T00:00:00Z")),
        FormulaCase("DATEADD({Due}, -1, 'months')", date("2024-01-29T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 11, 'months')", date("2025-01-29T12:00:00Z")),
        FormulaCase("DATEADD({Due}, -14, 'months')", date("2022-12-29T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'Q')", date("2024-05-29T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 2, 'quarters')", date("2024-08-29T12:00:00Z")),
        FormulaCase("DATEADD({Due}, -2, 'weeks')", date("2024-02-15T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 1, 'w')", date("2024-03-07T12:00:00Z")),
        FormulaCase("DATEADD({Due}, 2, 'h')", date("2024-02-29T14:00:00Z")),
        FormulaCase("DATEADD({Due}, 1.5, 'hours')", date("2024-02-29T13:30:00Z")),
        FormulaCase("DATEADD({Due}, 90, 'm')", date("2024-02-29T13:30:00Z")),
        FormulaCase("DATEADD({Due}, 90, 'minutes')", date("2024-02-29T13:30:00Z")),
        FormulaCase("DATEADD({Due}, 30, 'seconds')", date("2024-02-29T12:00:30Z")),
        FormulaCase("DATEADD({Due}, 30, 's')", date("2024-02-29T12:00:30Z")),
        FormulaCase("DATEADD({Due}, 1500, 'ms')", date("2024-02-29T12:00:01.500Z")),
        FormulaCase("DATEADD({Due}, 1500, 'milliseconds')", date("2024-02-29T12:00:01.500Z")),
        FormulaCase("DATEADD('2024-12-31', 1, 'd')", date("2025-01-01T00:00:00Z")),
        FormulaCase("DATEADD(NOW(), 0, 'days') = NOW()", .bool(true)),
        FormulaCase("DATEADD({Due}, 7, 'days') > NOW()", .bool(false)),
    ]

    static let differenceCases: [FormulaCase] = [
        FormulaCase("DATETIME_DIFF({Due}, {Start Date}, 'days')", .number(29)),
        FormulaCase("DATETIME_DIFF({Start Date}, {Due}, 'days')", .number(-29)),
        FormulaCase("DATETIME_DIFF({Due}, {Start Date}, 'weeks')", .number(4)),
        FormulaCase("DATETIME_DIFF({Due}, {Start Date}, 'months')", .number(1)),
        FormulaCase("DATETIME_DIFF({Due}, {Start Date}, 'hours')", .number(708)),
        FormulaCase("DATETIME_DIFF({Due}, {Start Date}, 'minutes')", .number(42480)),
        FormulaCase("DATETIME_DIFF({Due}, {Start Date})", .number(2_548_800)),
        FormulaCase("DATETIME_DIFF({Due}, '2024-02-29T12:00:00Z')", .number(0)),
        FormulaCase("DATETIME_DIFF('2025-01-01', '2024-01-01', 'years')", .number(1)),
        FormulaCase("DATETIME_DIFF('2024-12-31', '2024-01-01', 'years')", .number(0)),
        FormulaCase("DATETIME_DIFF('2024-01-01', '2023-01-01', 'y')", .number(1)),
        FormulaCase("DATETIME_DIFF('2024-07-01', '2024-01-01', 'quarters')", .number(2)),
        FormulaCase("DATETIME_DIFF('2024-01-01T00:00:00Z', '2024-01-01T00:00:01.5Z', 'ms')", .number(-1500)),
        FormulaCase("DATETIME_DIFF('2024-03-31', '2024-02-29', 'M')", .number(1)),
        FormulaCase("DATETIME_DIFF('2024-03-28', '2024-02-29', 'M')", .number(0)),
        FormulaCase("DATETIME_DIFF('2024-02-29', '2024-03-31', 'months')", .number(-1)),
        FormulaCase("DATETIME_DIFF('2024-01-15', '2024-03-20', 'months')", .number(-2)),
        FormulaCase("DATETIME_DIFF(TODAY(), CREATED_TIME(), 'days')", .number(54)),
        FormulaCase("DATETIME_DIFF('2024-03-10T00:00:00Z', '2024-03-09T23:59:59Z', 'days')", .number(0)),
        FormulaCase("DATETIME_DIFF('2024-03-10T00:00:00Z', '2024-03-09T23:59:59Z', 'seconds')", .number(1)),
        FormulaCase("IS_BEFORE({Start Date}, {Due})", .bool(true)),
        FormulaCase("IS_BEFORE({Due}, {Due})", .bool(false)),
        FormulaCase("IS_BEFORE({Due}, '2024-03-01')", .bool(true)),
        FormulaCase("IS_AFTER({Start Date}, {Due})", .bool(false)),
        FormulaCase("IS_AFTER({Due}, {Start Date})", .bool(true)),
        FormulaCase("IS_AFTER(NOW(), {Due})", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-02-29T12:00:00Z')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-02-29')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-29', 'day')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-02-28T23:59:59Z', 'day')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-01', 'month')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-03-01', 'month')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-12-31', 'year')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2025-01-01', 'year')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-25', 'week')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-03-02T23:00:00Z', 'week')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-03-03', 'week')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-24', 'week')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-03-31', 'quarter')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-04-01', 'quarter')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-29T12:59:59Z', 'hour')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-02-29T13:00:00Z', 'hour')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-29T12:00:59Z', 'minute')", .bool(true)),
        FormulaCase("IS_SAME({Due}, '2024-02-29T12:00:00.999Z', 'second')", .bool(true)),
    ]

    @Test(arguments: partCases)
    func dateParts(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: formatCases)
    func formatsDates(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: parseCases)
    func parsesDates(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: addCases)
    func addsToDates(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: differenceCases)
    func comparesAndSubtractsDates(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    /// New York: EST (-05:00) until 2024-03-10 07:00 UTC, EDT (-04:00) after.
    static let timeZoneCases: [FormulaCase] = [
        FormulaCase("DATETIME_FORMAT({Due}, 'YYYY-MM-DD HH:mm Z')", .text("2024-02-29 07:00 -05:00")),
        FormulaCase("DATETIME_FORMAT('2024-07-01T12:00:00Z', 'HH:mm ZZ')", .text("08:00 -0400")),
        FormulaCase("DATETIME_FORMAT({Due})", .text("2024-02-29T12:00:00.000Z")),
        FormulaCase("{Due} & ''", .text("2024-02-29T12:00:00.000Z")),
        FormulaCase("HOUR({Due})", .number(7)),
        FormulaCase("DAY('2024-03-10T03:00:00Z')", .number(9)),
        FormulaCase("WEEKDAY('2024-03-10T03:00:00Z')", .number(6)),
        FormulaCase("TODAY()", date("2024-03-10T05:00:00Z")),
        FormulaCase("DATEADD('2024-03-09T12:00:00-05:00', 1, 'days')", date("2024-03-10T16:00:00Z")),
        FormulaCase("DATEADD('2024-03-09T12:00:00-05:00', 24, 'hours')", date("2024-03-10T17:00:00Z")),
        FormulaCase("DATETIME_DIFF('2024-03-10T16:00:00Z', '2024-03-09T17:00:00Z', 'days')", .number(1)),
        FormulaCase("DATETIME_FORMAT('2024-02-01', 'HH:mm')", .text("00:00")),
        FormulaCase("IS_SAME('2024-02-01', '2024-02-01T05:00:00Z')", .bool(true)),
        FormulaCase("DATETIME_PARSE('2024-03-05 10:00')", date("2024-03-05T15:00:00Z")),
        FormulaCase("DATETIME_PARSE('7/4/2024 9:00 AM')", date("2024-07-04T13:00:00Z")),
        FormulaCase("IS_SAME({Due}, '2024-02-29T04:59:00Z', 'day')", .bool(false)),
        FormulaCase("IS_SAME({Due}, '2024-02-29T05:00:00Z', 'day')", .bool(true)),
    ]

    @Test(arguments: timeZoneCases)
    func usesContextTimeZone(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula, in: .newYork) == testCase.expected)
    }
}
